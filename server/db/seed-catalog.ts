/** French VAT rates in basis points: food 5.5 %, everything else 20 %. */
export const TAX_FOOD_BP = 550;
export const TAX_STANDARD_BP = 2_000;

/** One seeded product: tax-included price in euro cents, tax rate in basis points. */
export interface SeedProduct {
  name: string;
  price: number;
  taxRate: number;
  category: string;
}

// The demo shop is a French grocery: its categories are in French like its products, as a shop's
// own catalog is in the shop's language whatever language the till speaks.
const FRUITS = 'Fruits et légumes';
const BAKERY = 'Boulangerie';
const DAIRY = 'Crèmerie';
const DRINKS = 'Boissons';
const GROCERY = 'Épicerie';
const HOUSEHOLD = 'Entretien';

/** The grocery catalog of a fresh database; names are unique, all in French. */
export const SEED_CATALOG: readonly SeedProduct[] = [
  { name: 'Pommes Golden 1 kg', price: 299, taxRate: TAX_FOOD_BP, category: FRUITS },
  { name: 'Bananes 1 kg', price: 219, taxRate: TAX_FOOD_BP, category: FRUITS },
  { name: 'Tomates grappe 500 g', price: 249, taxRate: TAX_FOOD_BP, category: FRUITS },
  { name: 'Carottes 1 kg', price: 149, taxRate: TAX_FOOD_BP, category: FRUITS },
  { name: 'Pommes de terre 2,5 kg', price: 399, taxRate: TAX_FOOD_BP, category: FRUITS },
  { name: 'Oignons jaunes 1 kg', price: 189, taxRate: TAX_FOOD_BP, category: FRUITS },
  { name: 'Citrons 500 g', price: 229, taxRate: TAX_FOOD_BP, category: FRUITS },
  { name: 'Salade batavia', price: 119, taxRate: TAX_FOOD_BP, category: FRUITS },
  { name: 'Courgettes 1 kg', price: 279, taxRate: TAX_FOOD_BP, category: FRUITS },
  { name: 'Baguette tradition', price: 125, taxRate: TAX_FOOD_BP, category: BAKERY },
  { name: 'Pain de campagne 400 g', price: 260, taxRate: TAX_FOOD_BP, category: BAKERY },
  { name: 'Croissant au beurre', price: 115, taxRate: TAX_FOOD_BP, category: BAKERY },
  { name: 'Pain au chocolat', price: 125, taxRate: TAX_FOOD_BP, category: BAKERY },
  { name: 'Brioche tranchée 500 g', price: 289, taxRate: TAX_FOOD_BP, category: BAKERY },
  { name: 'Pain de mie complet', price: 199, taxRate: TAX_FOOD_BP, category: BAKERY },
  { name: 'Lait demi-écrémé 1 L', price: 109, taxRate: TAX_FOOD_BP, category: DAIRY },
  { name: 'Beurre doux 250 g', price: 279, taxRate: TAX_FOOD_BP, category: DAIRY },
  { name: 'Yaourts nature x4', price: 159, taxRate: TAX_FOOD_BP, category: DAIRY },
  { name: 'Crème fraîche épaisse 20 cl', price: 169, taxRate: TAX_FOOD_BP, category: DAIRY },
  { name: 'Camembert de Normandie', price: 329, taxRate: TAX_FOOD_BP, category: DAIRY },
  { name: 'Comté 12 mois 250 g', price: 549, taxRate: TAX_FOOD_BP, category: DAIRY },
  { name: 'Œufs plein air x6', price: 259, taxRate: TAX_FOOD_BP, category: DAIRY },
  { name: 'Emmental râpé 200 g', price: 219, taxRate: TAX_FOOD_BP, category: DAIRY },
  { name: 'Eau minérale 1,5 L', price: 79, taxRate: TAX_FOOD_BP, category: DRINKS },
  { name: 'Eau gazeuse 1 L', price: 95, taxRate: TAX_FOOD_BP, category: DRINKS },
  { name: "Jus d'orange 1 L", price: 249, taxRate: TAX_FOOD_BP, category: DRINKS },
  { name: 'Cola 1,5 L', price: 219, taxRate: TAX_FOOD_BP, category: DRINKS },
  { name: 'Café moulu 250 g', price: 389, taxRate: TAX_FOOD_BP, category: DRINKS },
  { name: 'Thé vert 25 sachets', price: 259, taxRate: TAX_FOOD_BP, category: DRINKS },
  { name: 'Bière blonde 6 x 25 cl', price: 549, taxRate: TAX_STANDARD_BP, category: DRINKS },
  { name: 'Vin rouge Côtes du Rhône 75 cl', price: 695, taxRate: TAX_STANDARD_BP, category: DRINKS },
  { name: 'Pâtes spaghetti 500 g', price: 119, taxRate: TAX_FOOD_BP, category: GROCERY },
  { name: 'Riz basmati 1 kg', price: 289, taxRate: TAX_FOOD_BP, category: GROCERY },
  { name: 'Farine de blé T55 1 kg', price: 99, taxRate: TAX_FOOD_BP, category: GROCERY },
  { name: 'Sucre en poudre 1 kg', price: 135, taxRate: TAX_FOOD_BP, category: GROCERY },
  { name: "Huile d'olive vierge extra 75 cl", price: 899, taxRate: TAX_FOOD_BP, category: GROCERY },
  { name: 'Moutarde de Dijon 370 g', price: 199, taxRate: TAX_FOOD_BP, category: GROCERY },
  { name: 'Confiture de fraises 370 g', price: 269, taxRate: TAX_FOOD_BP, category: GROCERY },
  { name: 'Chocolat noir 70 % 100 g', price: 189, taxRate: TAX_FOOD_BP, category: GROCERY },
  { name: 'Lentilles vertes 500 g', price: 229, taxRate: TAX_FOOD_BP, category: GROCERY },
  { name: 'Thon au naturel 140 g', price: 259, taxRate: TAX_FOOD_BP, category: GROCERY },
  { name: 'Sel de Guérande 500 g', price: 239, taxRate: TAX_FOOD_BP, category: GROCERY },
  { name: 'Liquide vaisselle 500 ml', price: 179, taxRate: TAX_STANDARD_BP, category: HOUSEHOLD },
  { name: 'Lessive liquide 1,5 L', price: 799, taxRate: TAX_STANDARD_BP, category: HOUSEHOLD },
  { name: 'Papier toilette x6', price: 329, taxRate: TAX_STANDARD_BP, category: HOUSEHOLD },
  { name: 'Essuie-tout x2', price: 249, taxRate: TAX_STANDARD_BP, category: HOUSEHOLD },
  { name: 'Éponges x3', price: 189, taxRate: TAX_STANDARD_BP, category: HOUSEHOLD },
  { name: 'Sacs poubelle 30 L x20', price: 299, taxRate: TAX_STANDARD_BP, category: HOUSEHOLD },
];

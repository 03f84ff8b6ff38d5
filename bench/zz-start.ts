import { launchServer } from '../test/kit/test-server.js';
const N = 20;
const cpu0 = process.cpuUsage(); const t0 = performance.now();
for (let i = 0; i < N; i++) { const s = await launchServer(); await s.close(); }
const c = process.cpuUsage(cpu0);
console.log(`per launch+close: ${((performance.now() - t0) / N).toFixed(1)} ms wall, ${((c.user + c.system) / 1000 / N).toFixed(1)} ms CPU`);

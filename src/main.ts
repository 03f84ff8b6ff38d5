/** Page entry: defines the shell; `pos-app` in index.html does the rest. */
import './ui/pos-app.js';

/**
 * Opening a product database: migrations, the national calendar and the derived tables made
 * ready before anything reads it.
 * Other rooms import this room only through this file (.dependency-cruiser.cjs: through-the-door).
 */
export { openDatabase, prepareDatabase } from './open.js';

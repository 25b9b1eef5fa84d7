// Madani in the browser, every page in French (d./e.): each page of PAGES (lib/pages.mjs), public and
// signed in, photographed at 1280 and 360 px wide and checked with axe.
// Run: `node --test tests/e2e/` (see README.md here).

import { accessibilityChecks } from './lib/pages.mjs';
import { browserSuite } from './lib/suite.mjs';

browserSuite('pages fr', () => accessibilityChecks('fr'));

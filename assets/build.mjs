// Builds static_build/ from GOV.UK Frontend (npm) and our own Sass and JavaScript.
// Nothing built here is committed: `npm run build` recreates it.
import { cpSync, mkdirSync, rmSync, writeFileSync } from "node:fs";
import { compile } from "sass";

const out = "static_build";
rmSync(out, { recursive: true, force: true });
mkdirSync(`${out}/css`, { recursive: true });
mkdirSync(`${out}/js`, { recursive: true });

const govuk = "node_modules/govuk-frontend/dist/govuk";
cpSync(`${govuk}/assets`, `${out}/govuk/assets`, { recursive: true });
cpSync(`${govuk}/govuk-frontend.min.js`, `${out}/govuk/govuk-frontend.min.js`);
cpSync("assets/js", `${out}/js`, { recursive: true });
// GOV.UK's accessible-autocomplete, for the searchable pickers (assets/js/multi-select.mjs).
cpSync(
  "node_modules/accessible-autocomplete/dist/accessible-autocomplete.min.js",
  `${out}/js/vendor/accessible-autocomplete.min.js`,
);

const result = compile("assets/scss/application.scss", {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(`${out}/css/application.css`, result.css);
console.log(`Built ${out}/ (${Math.round(result.css.length / 1024)} KB of CSS)`);

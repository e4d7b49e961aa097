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
// Its source map too: the script names it, and collectstatic's manifest storage (production,
// DEBUG off) refuses a script whose source map is missing.
for (const file of ["accessible-autocomplete.min.js", "accessible-autocomplete.min.js.map"]) {
  cpSync(`node_modules/accessible-autocomplete/dist/${file}`, `${out}/js/vendor/${file}`);
}

const result = compile("assets/scss/application.scss", {
  loadPaths: ["node_modules"],
  style: "compressed",
  quietDeps: true,
  silenceDeprecations: ["import"],
});
writeFileSync(`${out}/css/application.css`, result.css);
console.log(`Built ${out}/ (${Math.round(result.css.length / 1024)} KB of CSS)`);

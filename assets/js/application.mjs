// GOV.UK Frontend enhancements. Every page works without this script.
import { initAll } from "../govuk/govuk-frontend.min.js";
import "./board-paper-status.mjs";

document.body.classList.add("js-enabled", "govuk-frontend-supported");
initAll();

// The owner pickers' search needs accessible-autocomplete: load it only where there is one.
if (document.querySelector('[data-module="app-multi-select"]')) {
  import("./multi-select.mjs");
}

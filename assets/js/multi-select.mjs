// A searchable picker for long lists (posts, people, organisations). The page sends a native
// <select multiple> that works without JavaScript; this hides it and offers instead a search
// box (GOV.UK's accessible-autocomplete) and the list of those chosen, each with a Remove
// button. Choosing and removing set the hidden select's options, so the form posts exactly
// what it would have without JavaScript.
import "./vendor/accessible-autocomplete.min.js";

const KEYS_HINT = "Type part of a name, then choose it from the list. You can choose more than one.";

function escapeHtml(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}

function matching(options, query) {
  const words = query.toLowerCase().split(/\s+/).filter(Boolean);
  return options
    .filter((option) => !option.selected)
    .filter((option) => words.every((word) => option.text.toLowerCase().includes(word)))
    .map((option) => option.text);
}

function enhance(select) {
  const id = select.id;
  const group = select.closest(".govuk-form-group") || select.parentElement;
  const label = group.querySelector(`label[for="${id}"]`);
  const options = Array.from(select.options);
  const describedBy = select.getAttribute("aria-describedby") || "";

  // The search box takes the select's id, so the label and the error summary's link lead to it.
  select.id = `${id}-select`;
  select.hidden = true;
  if (label && !label.id) label.id = `${id}-label`;
  const keys = group.querySelector(".app-multi-select__keys");
  if (keys) keys.textContent = KEYS_HINT;

  const search = document.createElement("div");
  search.className = "app-multi-select__search";
  const caption = document.createElement("p");
  caption.className = "govuk-body-s app-multi-select__caption";
  caption.id = `${id}-chosen`;
  const chosen = document.createElement("ul");
  chosen.className = "govuk-list app-multi-select__chosen";
  chosen.setAttribute("aria-labelledby", caption.id);
  const status = document.createElement("div");
  status.className = "govuk-visually-hidden";
  status.setAttribute("aria-live", "polite");
  select.after(search, caption, chosen, status);

  function input() {
    return document.getElementById(id);
  }

  function render() {
    const selected = options.filter((option) => option.selected);
    caption.textContent = selected.length ? `Chosen (${selected.length}):` : "None chosen.";
    chosen.replaceChildren(
      ...selected.map((option) => {
        const item = document.createElement("li");
        item.className = "app-multi-select__item";
        const name = document.createElement("span");
        name.textContent = option.text;
        const remove = document.createElement("button");
        remove.type = "button";
        remove.className = "govuk-button govuk-button--secondary app-multi-select__remove";
        const hidden = document.createElement("span");
        hidden.className = "govuk-visually-hidden";
        hidden.textContent = ` ${option.text}`;
        remove.append("Remove", hidden);
        remove.addEventListener("click", () => {
          option.selected = false;
          render();
          status.textContent = `${option.text} removed.`;
          input().focus();
        });
        item.append(name, remove);
        return item;
      }),
    );
  }

  window.accessibleAutocomplete({
    element: search,
    id,
    name: "",
    source: (query, populate) => populate(matching(options, query)),
    onConfirm: (text) => {
      const option = options.find((candidate) => !candidate.selected && candidate.text === text);
      if (!option) return;
      option.selected = true;
      render();
      status.textContent = `${option.text} added.`;
    },
    // The box empties after each choice, ready for the next one.
    templates: { inputValue: () => "", suggestion: (text) => escapeHtml(text || "") },
    confirmOnBlur: false,
    displayMenu: "overlay",
    tNoResults: () => "Nothing matches",
    menuAttributes: label ? { "aria-labelledby": label.id } : {},
  });
  const box = input();
  if (box && describedBy) {
    box.setAttribute("aria-describedby", `${describedBy} ${box.getAttribute("aria-describedby") || ""}`.trim());
  }
  render();
}

document.querySelectorAll('select[data-module="app-multi-select"]').forEach(enhance);

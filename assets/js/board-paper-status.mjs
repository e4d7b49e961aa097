// Board paper status page: while a paper is being made, ask the server how it is going every
// few seconds, show the progress, and reload the page when it is finished. Without JavaScript
// the page's "Check progress" link does the same by hand.
const POLL_EVERY_MS = 2000;
const GIVE_UP_AFTER_MS = 15 * 60 * 1000;
const GAVE_UP = "Still being made. Refresh the page to check again.";

function describe(status) {
  const message = status.progress_message ? `: ${status.progress_message}` : "";
  return `${status.progress_percent}% done${message}.`;
}

function watch(element) {
  const url = element.dataset.statusUrl;
  const started = Date.now();
  const progress = element.querySelector("progress");
  const text = element.querySelector("[data-progress-text]");

  async function poll() {
    if (Date.now() - started > GIVE_UP_AFTER_MS) {
      // Say so in the live region rather than stopping silently.
      if (text) text.textContent = GAVE_UP;
      return;
    }
    try {
      const response = await fetch(url, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (response.ok) {
        const status = await response.json();
        if (status.is_finished) {
          window.location.reload();
          return;
        }
        if (progress) progress.value = status.progress_percent;
        // Only a real change is written, so screen readers announce progress, not every poll.
        const next = describe(status);
        if (text && text.textContent !== next) text.textContent = next;
      }
    } catch {
      // A dropped connection: try again next time; the link still works.
    }
    window.setTimeout(poll, POLL_EVERY_MS);
  }

  window.setTimeout(poll, POLL_EVERY_MS);
}

document
  .querySelectorAll('[data-module="app-board-paper-status"][data-finished="false"]')
  .forEach(watch);

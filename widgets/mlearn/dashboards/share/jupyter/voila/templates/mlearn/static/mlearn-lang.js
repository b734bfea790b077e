// Page-level language switch of an M-LEARN dashboard. The page holds its text in French and in English
// (elements .mlearn-i18n[lang]); the switch sets <html lang>, which mlearn.css uses to show one of them,
// and clicks each panel's own « Français | English » toggle so that the charts follow. The choice is kept in
// the address (?lang=en, a link can be shared), nowhere else.
(function () {
  "use strict";
  const LABELS = { fr: "Français", en: "English" };
  let lang = new URLSearchParams(window.location.search).get("lang") === "en" ? "en" : "fr";
  const synced = new WeakSet();
  document.documentElement.lang = lang;

  function isLanguageToggle(group) {
    return Array.from(group.querySelectorAll("button")).some((b) => b.textContent.trim() === LABELS.en);
  }

  // A panel's toggle is set once when it appears (later clicks on it are the reader's own choice), and
  // again each time the page-level switch is used.
  function syncPanels(force) {
    for (const group of document.querySelectorAll(".widget-toggle-buttons")) {
      if ((!force && synced.has(group)) || !isLanguageToggle(group)) continue;
      synced.add(group);
      const target = Array.from(group.querySelectorAll("button")).find(
        (b) => b.textContent.trim() === LABELS[lang]
      );
      if (target && !target.classList.contains("mod-active")) target.click();
    }
  }

  function showPressed() {
    for (const button of document.querySelectorAll(".mlearn-langbar button")) {
      button.setAttribute("aria-pressed", String(button.dataset.lang === lang));
    }
  }

  function setLanguage(next) {
    lang = next === "en" ? "en" : "fr";
    document.documentElement.lang = lang;
    const url = new URL(window.location.href);
    if (lang === "en") url.searchParams.set("lang", "en");
    else url.searchParams.delete("lang");
    window.history.replaceState(null, "", url);
    showPressed();
    syncPanels(true);
  }

  document.addEventListener("click", (event) => {
    const button = event.target.closest && event.target.closest(".mlearn-langbar button");
    if (button) setLanguage(button.dataset.lang);
  });
  document.addEventListener("DOMContentLoaded", showPressed);

  let pending = false;
  new MutationObserver(() => {
    if (lang !== "en" || pending) return;
    pending = true;
    window.requestAnimationFrame(() => {
      pending = false;
      syncPanels(false);
    });
  }).observe(document.documentElement, { childList: true, subtree: true });
})();

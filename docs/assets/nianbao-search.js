// The portal's search dialog. Pagefind's UI (served from this site's own /pagefind/
// folder, never another origin) is loaded the first time the dialog opens.
(function () {
  "use strict";
  var dialog = document.getElementById("nb-search");
  if (!dialog) return;
  // Absolute, for the module import inside the UI; the site may live under any path.
  var bundle = new URL(dialog.getAttribute("data-bundle"), document.baseURI).href;
  var loading = null;

  function load() {
    if (loading) return loading;
    loading = new Promise(function (resolve, reject) {
      var css = document.createElement("link");
      css.rel = "stylesheet";
      css.href = bundle + "pagefind-ui.css";
      document.head.appendChild(css);
      var script = document.createElement("script");
      script.src = bundle + "pagefind-ui.js";
      script.onload = function () {
        // A sharded build lists each shard's index here; the UI merges them (mergeIndex).
        fetch(bundle + "nianbao-merge.json")
          .then(function (response) { return response.ok ? response.json() : { indexes: [] }; })
          .catch(function () { return { indexes: [] }; })
          .then(function (merge) { start(merge.indexes || []); resolve(); });
      };
      script.onerror = reject;
      document.head.appendChild(script);
    });
    return loading;
  }

  function start(indexes) {
    /* global PagefindUI */
    var baseUrl = new URL("../", bundle).pathname;
    new PagefindUI({
      mergeIndex: indexes.map(function (path) {
        return { bundlePath: new URL(path, bundle).href, baseUrl: baseUrl };
      }),
      element: "#nb-search-ui",
      bundlePath: bundle,
      baseUrl: baseUrl, // results link under the site's own path
      showImages: false,
      showSubResults: true,
      resetStyles: false,
      autofocus: true,
      translations: {
        placeholder: "搜索机关、年度或词句",
        zero_results: "没有找到与「[SEARCH_TERM]」有关的报告",
        many_results: "找到 [COUNT] 个与「[SEARCH_TERM]」有关的结果",
        one_result: "找到 1 个与「[SEARCH_TERM]」有关的结果",
        filters_label: "筛选",
        load_more: "更多结果",
        search_label: "搜索本站",
        clear_search: "清除",
        searching: "正在搜索「[SEARCH_TERM]」……"
      }
    });
  }

  function open() {
    if (!dialog.open) dialog.showModal();
    load().then(function () {
      var input = dialog.querySelector("input.pagefind-ui__search-input");
      if (input) {
        input.setAttribute("aria-label", "搜索本站的报告"); // the UI gives it a title only
        input.focus();
      }
    });
  }

  document.addEventListener("click", function (event) {
    if (event.target.closest("[data-nb-search-open]")) open();
    if (event.target.closest("[data-nb-search-close]")) dialog.close();
  });
  dialog.addEventListener("click", function (event) {
    if (event.target === dialog) dialog.close(); // a click on the backdrop
  });
  document.addEventListener("keydown", function (event) {
    var typing = /^(INPUT|TEXTAREA|SELECT)$/.test(event.target.tagName) || event.target.isContentEditable;
    if (!typing && (event.key === "/" || ((event.ctrlKey || event.metaKey) && event.key === "k"))) {
      event.preventDefault();
      open();
    }
  });
})();

// Keep the large-text mode (a CSS-only checkbox) from page to page.
(function () {
  "use strict";
  var box = document.getElementById("nb-display");
  if (!box) return;
  try {
    box.checked = localStorage.getItem("nb-display") === "1";
    box.addEventListener("change", function () {
      localStorage.setItem("nb-display", box.checked ? "1" : "0");
    });
  } catch (error) { /* storage disabled: the mode lasts for this page */ }
})();

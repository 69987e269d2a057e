// The portal's search dialog. Pagefind's UI (served from this site's own /pagefind/
// folder, never another origin) is loaded the first time the dialog opens.
(function () {
  "use strict";
  var button = document.querySelector("[data-nb-search-open]");
  if (!button) return;
  // The dialog is made here rather than written into every page (overrides/partials/nb-search.html).
  var dialog = document.createElement("dialog");
  dialog.id = "nb-search";
  dialog.className = "nb-search";
  dialog.setAttribute("aria-labelledby", "nb-search-title");
  dialog.innerHTML =
    '<div class="nb-search__head">' +
    '<h2 id="nb-search-title" class="nb-search__title">搜索报告</h2>' +
    '<button type="button" class="nb-search__close" data-nb-search-close aria-label="关闭搜索">关闭</button>' +
    "</div>" +
    '<p class="nb-search__hint">输入机关名称、年度或报告中的词句，如「平潭 2023」「棉七社区」。</p>' +
    '<div id="nb-search-ui"></div>';
  button.insertAdjacentElement("afterend", dialog);
  button.setAttribute("aria-controls", "nb-search");
  // Absolute, for the module import inside the UI; the site may live under any path. This
  // script is assets/nianbao-search.js, the index is pagefind/ beside assets/.
  var bundle = new URL("../pagefind/", document.currentScript.src).href;
  var loading = null;

  // Pagefind joins the blocks of a page with ". " (after a heading) or a space. Between
  // pieces of Chinese text that reads as English; use 「；」 instead. (Labels and values are
  // separated in the pages themselves: 「机关类型：人民政府」.)
  var CJK = "[\\u3400-\\u9fff\\uff01-\\uff5e\\u3001-\\u3011]";
  // A full stop Pagefind added: after a piece, before Chinese text or at the end.
  var FULL_STOP = new RegExp("([^\\s>])((?:</mark>)?)\\.(?:\\s+((?:<mark>)?)(?=" + CJK + ")|\\s*$)", "g");
  var SPACE = new RegExp("(" + CJK + ")(\\s*)((?:</mark>)?)(\\s*)((?:<mark>)?)(?=" + CJK + ")", "g");
  var ENDS_WITH_PUNCTUATION = /[\u3001-\u3011\uff01-\uff1f]$/;

  function chinese(excerpt) {
    if (!excerpt) return excerpt;
    return excerpt
      .replace(/^\s*\.\s+/, "")
      .replace(FULL_STOP, function (all, ch, close, open) {
        return ch + close + (ENDS_WITH_PUNCTUATION.test(ch) ? "" : "；") + (open || "");
      })
      .replace(SPACE, function (all, ch, before, close, after, open) {
        if (!before && !after) return all;
        return ch + close + (ENDS_WITH_PUNCTUATION.test(ch) ? "" : "；") + open;
      });
  }

  function processResult(result) {
    result.excerpt = chinese(result.excerpt);
    (result.sub_results || []).forEach(function (sub) {
      sub.excerpt = chinese(sub.excerpt);
    });
    return result;
  }

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
      processResult: processResult,
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

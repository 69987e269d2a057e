/* The 在线填报 page (/tianbao/): a clerk fills in a report in the browser.
 *
 * Nothing here knows a label, a rule or the layout of the data file: they come from the
 * JSON the build writes into the page (nianbao.views.tianbao), made from the same format
 * definitions and rule registry as `nianbao validate` and the same writer as `nianbao new`.
 * The arithmetic below (checkTables, blame) follows nianbao/checks/rules/tables.py and
 * blame.py step for step, so that the page says what validate says; tests/test_tianbao_rules.py
 * runs both over the bad-input corpus and compares them.
 *
 * The draft stays in this browser (localStorage); nothing is sent anywhere.
 */
(function (root) {
  "use strict";

  // ------------------------------------------------------------------ the rules

  function coefficient(check, cell) {
    var sum = 0;
    check.terms.forEach(function (t) { if (t[0] === cell[0] && t[1] === cell[1]) sum += t[2]; });
    return sum;
  }

  function same(a, b) { return a[0] === b[0] && a[1] === b[1]; }

  function residual(check, value) {
    var total = 0;
    for (var i = 0; i < check.terms.length; i++) {
      var v = value(check.terms[i][0], check.terms[i][1]);
      if (v === null || v === undefined) return null; // not reported: not checkable
      total += check.terms[i][2] * v;
    }
    return total;
  }

  function cellLabel(table, cell) {
    return "「" + table.row_labels[cell[0]] + "」的「" + table.column_labels[cell[1]] + "」";
  }

  function distinct(list) {
    return list.filter(function (x, i) { return list.indexOf(x) === i; });
  }

  function cellsLabel(table, cells) {
    var rows = cells.map(function (c) { return table.row_labels[c[0]]; });
    var columns = cells.map(function (c) { return table.column_labels[c[1]]; });
    var named;
    if (distinct(columns).length === 1) {
      named = rows.length <= 4
        ? rows.map(function (l) { return "「" + l + "」"; }).join("")
        : "「" + rows[0] + "」至「" + rows[rows.length - 1] + "」" + rows.length + " 行";
      return named + "的「" + columns[0] + "」";
    }
    if (distinct(rows).length === 1) {
      named = columns.length <= 4
        ? columns.map(function (l) { return "「" + l + "」"; }).join("")
        : "「" + columns[0] + "」至「" + columns[columns.length - 1] + "」" + columns.length + " 列";
      return "「" + rows[0] + "」的" + named;
    }
    var shown = cells.slice(0, 4).map(function (c) { return cellLabel(table, c); }).join("、");
    return shown + (cells.length > 4 ? "等 " + cells.length + " 格" : "");
  }

  function compareTuples(a, b) {
    for (var i = 0; i < a.length; i++) {
      var x = typeof a[i] === "boolean" ? Number(a[i]) : a[i];
      var y = typeof b[i] === "boolean" ? Number(b[i]) : b[i];
      if (x < y) return -1;
      if (x > y) return 1;
    }
    return 0;
  }

  /* The cell to point at for a broken check: blame.py's blame(). */
  function blame(table, value, target) {
    var residuals = table.checks.map(function (c) { return residual(c, value); });
    var index = table.checks.indexOf(target);
    if (!residuals[index]) return null;
    var broken = table.checks.filter(function (c, i) { return residuals[i]; });
    var holding = table.checks.filter(function (c, i) { return residuals[i] === 0; });
    var residualOf = function (c) { return residuals[table.checks.indexOf(c)]; };
    var order = function (cell) {
      var r = table.rows.indexOf(cell[0]), c = table.columns.indexOf(cell[1]);
      return r < 0 || c < 0 ? table.rows.length * table.columns.length : r * table.columns.length + c;
    };
    var repair = function (cell) {
      if (holding.some(function (c) { return coefficient(c, cell); })) return null;
      var inBroken = broken.filter(function (c) { return coefficient(c, cell); });
      if (inBroken.some(function (c) { return Math.abs(coefficient(c, cell)) !== 1; })) return null;
      var deltas = distinct(inBroken.map(function (c) { return -residualOf(c) * coefficient(c, cell); }));
      if (deltas.length !== 1) return null;
      var v = value(cell[0], cell[1]) + deltas[0];
      return v >= 0 ? v : null;
    };
    var repairs = [];
    target.terms.forEach(function (t) {
      var cell = [t[0], t[1]];
      var v = repair(cell);
      if (v !== null) repairs.push({ cell: cell, value: v, rules: broken.filter(function (c) { return coefficient(c, cell); }) });
    });
    var ruleIds = function (checks) { return distinct(checks.map(function (c) { return c.rule; })).sort(); };
    var best;
    if (repairs.length) {
      var widest = Math.max.apply(null, repairs.map(function (r) { return r.rules.length; }));
      best = repairs.filter(function (r) { return r.rules.length === widest; });
      if (best.length === 1) return { cell: best[0].cell, value: best[0].value, rules: ruleIds(best[0].rules) };
      best.sort(function (a, b) { return order(a.cell) - order(b.cell); });
      var bestCells = best.map(function (r) { return r.cell; });
      var rules = ruleIds([].concat.apply([], best.map(function (r) { return r.rules; })));
      var others = target.terms.map(function (t) { return [t[0], t[1]]; })
        .filter(function (c) { return !bestCells.some(function (b) { return same(b, c); }); })
        .sort(function (a, b) { return order(a) - order(b); });
      var anchorIn = bestCells.some(function (b) { return same(b, target.anchor); });
      return { cell: anchorIn ? target.anchor : bestCells[0], value: null, rules: rules, suspects: bestCells, others: others, eachRepairs: true };
    }
    var likelihood = function (cell) {
      var confirmed = holding.filter(function (c) { return coefficient(c, cell); }).length;
      var breaks = broken.filter(function (c) { return coefficient(c, cell); }).length;
      return [confirmed, -breaks, !same(cell, target.anchor), order(cell)];
    };
    var cells = target.terms.map(function (t) { return [t[0], t[1]]; }).sort(function (a, b) { return order(a) - order(b); });
    var cell = cells.slice().sort(function (a, b) { return compareTuples(likelihood(a), likelihood(b)); })[0];
    var key = likelihood(cell);
    var suspects = cells.filter(function (c) { var l = likelihood(c); return l[0] === key[0] && l[1] === key[1]; });
    return {
      cell: cell,
      value: null,
      rules: ruleIds(broken.filter(function (c) { return coefficient(c, cell); })),
      suspects: suspects,
      others: cells.filter(function (c) { return !suspects.some(function (s) { return same(s, c); }); }),
      eachRepairs: false,
    };
  }

  /* Every broken check of every table: [{rule, key, message, cell}] in the registry's order.
   * ``values`` maps a key path (requests.new.total) to a number or null. */
  function checkTables(data, values) {
    var findings = [];
    Object.keys(data.tables).forEach(function (tid) {
      var table = data.tables[tid];
      var value = function (row, column) {
        var v = values[tid + "." + row + "." + column];
        return v === undefined ? null : v;
      };
      table.checks.forEach(function (check) {
        var res = residual(check, value);
        if (!res) return;
        var positive = 0, negative = 0;
        check.terms.forEach(function (t) {
          if (t[2] > 0) positive += value(t[0], t[1]); else negative += value(t[0], t[1]);
        });
        var text = check.before + positive + check.between + negative;
        var found = blame(table, value, check);
        var cell = check.anchor;
        if (found) {
          if (found.value !== null) {
            text += "。可能填错的是" + cellLabel(table, found.cell) + "一格：改为 " + found.value + "，" + found.rules.join("、") + " 即全部相符";
          } else {
            if (found.eachRepairs) {
              text += "。单独改正" + cellsLabel(table, found.suspects) + "中的任何一格都能全部相符，无法断定是哪一格";
            } else if (found.suspects.length === 1) {
              text += "。没有哪一格单独改正即可全部相符；请先核对" + cellLabel(table, found.cell);
            } else {
              text += "。没有哪一格单独改正即可全部相符；问题应在" + cellsLabel(table, found.suspects) + "之中";
            }
            if (found.others.length) text += "，其他涉及的单元格：" + cellsLabel(table, found.others);
          }
          cell = found.cell;
        }
        var flagged = found && found.value !== null ? found.cell : check.anchor;
        findings.push({
          rule: check.rule,
          key: tid + "." + cell[0] + "." + cell[1],
          message: text,
          flagged: tid + "." + flagged[0] + "." + flagged[1],
        });
      });
    });
    return findings;
  }

  // ------------------------------------------------------------------ the file

  var COUNT = /^[0-9]{1,12}$/;
  var WAN = /^[0-9]{1,12}(\.[0-9]{1,6})?$/;

  /* A cell as typed → number, null (empty) or undefined (not a number: said next to it). */
  function readCell(text, type) {
    var t = (text || "").trim();
    if (t === "") return null;
    return (type === "count" ? COUNT : WAN).test(t) ? Number(t) : undefined;
  }

  function block(text) {
    var lines = text.replace(/^\n+|\n+$/g, "").split("\n");
    return "|-\n" + lines.map(function (l) { return ("    " + l).replace(/\s+$/, ""); }).join("\n");
  }

  var OPTIONAL_TEXT = ["active", "requests", "appeals"];

  /* The data file, as `nianbao new` writes it (the build's template), with the values. */
  function fileText(data, fields, year, complete) {
    var text = data.template;
    var lines = text.split("\n").filter(function (line, i, all) {
      var m = /^  ([a-z]+): "@@sections\.([a-z]+)@@"$/.exec(line);
      var next = /^  ([a-z]+): "@@sections\.([a-z]+)@@"$/.exec(all[i + 1] || "");
      var empty = function (key) { return OPTIONAL_TEXT.indexOf(key) >= 0 && !(fields["sections." + key] || "").trim(); };
      if (m && empty(m[2])) return false;
      if (next && /^  # /.test(line) && empty(next[2])) return false;
      if (/^draft: "@@draft@@"/.test(line) && complete) return false;
      return true;
    });
    text = lines.join("\n");
    return text.replace(/"@@([a-z0-9_.]+)@@"|@@year@@/g, function (whole, path) {
      if (!path) return String(year);
      if (path === "year") return String(year);
      if (path === "draft") return "true";
      var v = (fields[path] || "").trim();
      if (path === "published") return /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(v) ? v : "null";
      if (path.indexOf("sections.") === 0) {
        var body = (fields[path] || "").replace(/\r\n?/g, "\n");
        if (!body.trim()) return "null";
        return body.indexOf("\n") >= 0 ? block(body) : JSON.stringify(body.trim());
      }
      if (path === "signed_by") return v ? JSON.stringify(v) : "null";
      if (v === "") return "null";
      return readCell(v, data.types[path]) === undefined ? JSON.stringify(v) : v;
    });
  }

  /* A data file's values by key path (for "open an existing file"). */
  function flatten(node, prefix, out) {
    Object.keys(node || {}).forEach(function (key) {
      var v = node[key], path = prefix ? prefix + "." + key : key;
      if (v !== null && typeof v === "object" && !Array.isArray(v)) flatten(v, path, out);
      else out[path] = v;
    });
    return out;
  }

  var api = { checkTables: checkTables, fileText: fileText, readCell: readCell, flatten: flatten };
  if (typeof module !== "undefined" && module.exports) module.exports = api;
  root.NianbaoTianbao = api;

  // ------------------------------------------------------------------ the page

  if (typeof document === "undefined") return;
  var form = document.getElementById("nb-tianbao");
  var source = document.getElementById("nb-tb-data");
  if (!form || !source) return;
  var data = JSON.parse(source.textContent);
  var officeSelect = document.getElementById("nb-tb-office");
  var yearSelect = document.getElementById("nb-tb-year");
  var status = document.getElementById("nb-tb-status");
  var checksBox = document.getElementById("nb-tb-checks");
  var inputs = Array.prototype.slice.call(form.querySelectorAll("input[name], textarea[name]"))
    .filter(function (el) { return el.type !== "file"; });
  var STORE = "nianbao-tianbao:";

  function fields() {
    var out = {};
    inputs.forEach(function (el) { out[el.name] = el.value; });
    return out;
  }

  function draftKey() { return STORE + officeSelect.value + ":" + yearSelect.value; }

  function save() {
    try {
      localStorage.setItem(draftKey(), JSON.stringify(fields()));
      localStorage.setItem(STORE + "last", JSON.stringify({ office: officeSelect.value, year: yearSelect.value }));
    } catch (e) { /* storage full or off: the form still works */ }
  }

  function say(text) { status.textContent = text; }

  function el(tag, text, cls) {
    var node = document.createElement(tag);
    if (text) node.textContent = text;
    if (cls) node.className = cls;
    return node;
  }

  function check() {
    var values = {}, bad = [], empty = 0;
    inputs.forEach(function (input) {
      input.removeAttribute("aria-invalid");
      input.parentNode.classList.remove("nb-flag");
      if (!(input.name in data.types)) return;
      var v = readCell(input.value, data.types[input.name]);
      if (v === undefined) bad.push(input);
      else if (v === null) empty += 1;
      values[input.name] = v === undefined ? null : v;
    });
    var findings = checkTables(data, values);
    checksBox.textContent = "";
    var list = el("ul");
    bad.forEach(function (input) {
      input.setAttribute("aria-invalid", "true");
      input.parentNode.classList.add("nb-flag");
      var what = data.types[input.name] === "count" ? "非负整数（只写半角数字，不带单位和千位分隔符）" : "数字（万元，可带最多 6 位小数）";
      list.appendChild(el("li", input.name + "：应为" + what + "，但写成了「" + input.value.trim() + "」", "nb-tb-error"));
    });
    findings.forEach(function (f) {
      var input = form.querySelector('[name="' + f.flagged + '"]');
      if (input) {
        input.setAttribute("aria-invalid", "true");
        input.parentNode.classList.add("nb-flag");
      }
      var item = el("li", "", "nb-tb-error");
      item.setAttribute("data-rule", f.rule);
      item.appendChild(el("strong", f.rule));
      item.appendChild(document.createTextNode(" "));
      var link = el("a", f.key);
      link.href = "#f-" + f.flagged.replace(/\./g, "-");  // to the cell to look at first
      item.appendChild(link);
      item.appendChild(document.createTextNode("：" + f.message + "（" + f.rule + "）"));
      list.appendChild(item);
    });
    var published = form.querySelector('[name="published"]');
    published.removeAttribute("aria-invalid");
    if (published.value.trim() && !/^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(published.value.trim())) {
      bad.push(published);
      published.setAttribute("aria-invalid", "true");
      list.appendChild(el("li", "published：发布日期应写成 年-月-日（如 2026-01-20），但写成了「" + published.value.trim() + "」", "nb-tb-error"));
    }
    var summary = bad.length + findings.length
      ? "有 " + (bad.length + findings.length) + " 处需要改正："
      : empty ? "已填的数字之间没有发现不符。尚有 " + empty + " 个单元格未填写（没有发生的事项填 0）。" : "全部单元格已填写，勾稽关系全部相符。";
    checksBox.appendChild(el("p", summary));
    if (list.childNodes.length) checksBox.appendChild(list);
    return { bad: bad.length, findings: findings.length, empty: empty };
  }

  function complete(state) {
    var f = fields();
    return !state.bad && !state.findings && !state.empty && ["overview", "problems", "other"].every(function (k) {
      return (f["sections." + k] || "").trim();
    }) && /^[0-9]{4}-[0-9]{2}-[0-9]{2}$/.test(f.published || "") && (f.signed_by || "").trim();
  }

  function fill(values) {
    inputs.forEach(function (input) {
      var v = values[input.name];
      input.value = v === null || v === undefined ? "" : String(v);
    });
  }

  function uploadLink() {
    var link = document.getElementById("nb-tb-upload");
    if (link) link.href = link.getAttribute("data-base") + encodeURIComponent(officeSelect.value);
  }

  function prefillCarriedOver() {
    var office = officeSelect.value, year = Number(yearSelect.value);
    if (!office) { say("请先选择机关和报告年度。"); return; }
    var url = new URL("../data/" + encodeURIComponent(office) + "/" + (year - 1) + ".json", location.href);
    var there = (data.published[office] || []).indexOf(year - 1) >= 0;
    (there ? fetch(url) : Promise.reject(new Error("none"))).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }).then(function (doc) {
      var last = doc.tables && doc.tables.requests && doc.tables.requests.carried_forward;
      if (!last) throw new Error("no table");
      var filled = 0;
      Object.keys(last).forEach(function (column) {
        var input = form.querySelector('[name="requests.carried_over.' + column + '"]');
        if (input && input.value.trim() === "" && last[column] !== null) { input.value = String(last[column]); filled += 1; }
      });
      say("二、上年结转已按本门户 " + (year - 1) + " 年度报告的「四、结转下年度继续办理」填好（" + filled + " 格）；请核对。");
      save();
      check();
    }).catch(function () {
      say("本门户没有 " + (year - 1) + " 年度的报告，二、上年结转没有预填：请按上年报告表三的「四、结转下年度继续办理」填写。");
    });
  }

  function load() {
    var stored = null;
    try { stored = JSON.parse(localStorage.getItem(draftKey()) || "null"); } catch (e) { stored = null; }
    fill(stored || {});
    uploadLink();
    check();
    prefillCarriedOver();
  }

  function choose(office, year) {
    if (office && data.offices.some(function (o) { return o.id === office; })) officeSelect.value = office;
    if (year && data.years.indexOf(Number(year)) >= 0) yearSelect.value = String(year);
  }

  function openFile(file) {
    var reader = new FileReader();
    reader.onload = function () {
      var doc;
      try {
        doc = root.jsyaml.load(String(reader.result), { schema: root.jsyaml.CORE_SCHEMA });
      } catch (e) {
        var line = e.mark ? "第 " + (e.mark.line + 1) + " 行：" : "";
        say("无法读取 " + file.name + "：" + line + "YAML 语法错误。请用 nianbao validate 查看详情。");
        return;
      }
      if (!doc || typeof doc !== "object" || Array.isArray(doc)) { say("无法读取 " + file.name + "：不是报告数据文件。"); return; }
      var old = ["requests", "appeals"].filter(function (t) { return doc[t] && Number(doc[t].version) !== 2021; });
      if (doc.year) choose(null, doc.year);
      var values = flatten(doc, "", {});
      if (values.published instanceof Date) values.published = values.published.toISOString().slice(0, 10);
      fill(values);
      save();
      uploadLink();
      check();
      say("已打开 " + file.name + "（" + (doc.year || "") + " 年度）。" +
        (old.length ? "注意：文件中的表格不是 2021 版，本页只列出 2021 版的单元格。" : ""));
    };
    reader.readAsText(file, "utf-8");
  }

  function download() {
    var state = check();
    var text = fileText(data, fields(), yearSelect.value, complete(state));
    var blob = new Blob([text], { type: "application/x-yaml;charset=utf-8" });
    var link = document.createElement("a");
    link.href = URL.createObjectURL(blob);
    link.download = yearSelect.value + ".yml";
    document.body.appendChild(link);
    link.click();
    setTimeout(function () { URL.revokeObjectURL(link.href); link.remove(); }, 1000);
    say(complete(state)
      ? "已下载 " + yearSelect.value + ".yml。请上传到仓库的 data/" + officeSelect.value + "/ 目录。"
      : "已下载 " + yearSelect.value + ".yml（草稿：尚未填完或有需要改正之处，文件中保留 draft: true）。");
  }

  var params = new URLSearchParams(location.search);
  var last = {};
  try { last = JSON.parse(localStorage.getItem(STORE + "last") || "{}") || {}; } catch (e) { last = {}; }
  choose(params.get("office") || last.office, params.get("year") || last.year);
  load();

  form.addEventListener("input", function (event) {
    if (event.target.type === "file") return;
    save();
    check();
  });
  officeSelect.addEventListener("change", load);
  yearSelect.addEventListener("change", load);
  document.getElementById("nb-tb-open").addEventListener("change", function (event) {
    if (event.target.files.length) openFile(event.target.files[0]);
  });
  document.getElementById("nb-tb-download").addEventListener("click", download);
  document.getElementById("nb-tb-clear").addEventListener("click", function () {
    try { localStorage.removeItem(draftKey()); } catch (e) { /* nothing stored */ }
    fill({});
    load();
  });
  form.addEventListener("submit", function (event) { event.preventDefault(); });
})(typeof window !== "undefined" ? window : globalThis);

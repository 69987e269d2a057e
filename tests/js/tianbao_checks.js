// Runs the 在线填报 page's checks in Node: reads {data, files: [yaml text]} as JSON on stdin,
// prints for each file the findings [{rule, key, message}] as JSON (tests/test_tianbao_rules.py).
const path = require("path");
const jsyaml = require(path.join(__dirname, "../../docs/assets/vendor/js-yaml.min.js"));
const tianbao = require(path.join(__dirname, "../../docs/assets/nianbao-tianbao.js"));

let input = "";
process.stdin.on("data", (chunk) => (input += chunk));
process.stdin.on("end", () => {
  const { data, files } = JSON.parse(input);
  const out = files.map((text) => {
    const values = {};
    const flat = tianbao.flatten(jsyaml.load(text, { schema: jsyaml.CORE_SCHEMA }), "", {});
    for (const name of Object.keys(data.types)) {
      const v = flat[name];
      values[name] = typeof v === "number" ? v : null;
    }
    return tianbao.checkTables(data, values).map(({ rule, key, message }) => ({ rule, key, message }));
  });
  process.stdout.write(JSON.stringify(out));
});

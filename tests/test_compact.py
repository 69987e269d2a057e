"""Pages are written without the theme's indentation, and render the same."""

from __future__ import annotations

from nianbao.outputs.compact import compact_html


def test_runs_of_whitespace_with_a_line_break_become_one_line_break():
    html = '<nav>\n    <ul>\n      <li>\n        <a href="/">首页</a>\n      </li>\n  </ul>\n</nav>  <p>甲 乙\t丙</p>'
    assert compact_html(html) == '<nav>\n<ul>\n<li>\n<a href="/">首页</a>\n</li>\n</ul>\n</nav>  <p>甲 乙\t丙</p>'


def test_preformatted_text_scripts_and_styles_keep_every_character():
    kept = [
        "<pre><code>  a\n\n    b\n</code></pre>",
        "<PRE class=x>\n  x\n</PRE >",
        "<textarea>\n  typed\n\n</textarea>",
        "<script>\n  const s = `a\n\n   b`;\n</script>",
        "<style>\n  p { }\n</style>",
    ]
    html = "\n\n  ".join(["<div>"] + kept + ["</div>"])
    assert compact_html(html) == "\n".join(["<div>"] + kept + ["</div>"])


def test_a_page_shrinks_by_its_indentation_only(root):
    page = "<body>\n" + "".join(f"{'  ' * depth}<div>\n" for depth in range(30)) + "文字\n</body>\n"
    compacted = compact_html(page)
    assert len(compacted) < len(page) / 3
    assert "".join(compacted.split()) == "".join(page.split())

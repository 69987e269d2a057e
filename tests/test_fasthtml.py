"""The fast conversion of generated pages (nianbao.outputs.fasthtml) gives exactly what MkDocs'
own rendering gives: the same HTML, table of contents, title and anchors, page by page."""

from __future__ import annotations

import pytest
from building import copy_portal
from mkdocs.config import load_config
from mkdocs.structure.files import File, Files
from mkdocs.structure.pages import Page
from mkdocs.structure.toc import get_toc
from mkdocs.utils import meta
from nianbao.build.site import build_sources
from nianbao.outputs.fasthtml import Converter, anchor_ids, split_blocks
from synthetic_data import synthetic_data


def _pages(project):
    config = load_config(str(project / "mkdocs.yml"))
    config.plugins._current_plugin = None  # File.generated reads it (set during a build)
    sources = build_sources(project, project / "docs")
    files = Files([File.generated(config, uri, content=text) for uri, text in sources.pages.items()])
    return config, sources, files


@pytest.fixture(scope="module", params=["samples", "synthetic"])
def project(request, root, tmp_path_factory):
    if request.param == "samples":
        return root
    project = copy_portal(root, tmp_path_factory.mktemp("fasthtml"))
    synthetic_data(project / "data", 24)
    return project


def test_every_generated_page_converts_as_mkdocs_converts_it(project):
    config, sources, files = _pages(project)
    converter = Converter(config["markdown_extensions"], config["mdx_configs"] or {})
    generated = [uri for uri in sources.pages if not (project / "docs" / uri).exists()]
    assert len(generated) > 5
    fast = 0
    for uri in generated:
        page = Page(None, files.get_file_from_path(uri), config)
        page.read_source(config)
        page.render(config, files)
        result = converter.convert(meta.get_data(sources.pages[uri])[0])
        assert result.content == page.content, uri
        assert str(get_toc(result.toc_tokens)) == str(page.toc), uri
        assert result.title == page._title_from_render, uri
        assert result.anchors == page.present_anchor_ids, uri
        fast += result.fast
    assert fast == len(generated)  # the fast path, not the fallback, gave these results


@pytest.mark.parametrize(
    "source",
    [
        "<div>\n<!-- a comment -->\n</div>\n",  # comments: Python-Markdown's own rules
        "text <div>inline</div>\n",  # a block-level tag inside a line
        "<div>never closed\n",
        "<div>a</div> tail\n",
        "<div>a</div><p>b</p>\n",
        "<script>x</script>\n",
    ],
)
def test_sources_it_is_not_sure_of_take_the_original_path(root, source):
    config = load_config(str(root / "mkdocs.yml"))
    converter = Converter(config["markdown_extensions"], config["mdx_configs"] or {})
    converter.convert(source)
    assert converter.blocks.fast is False
    import markdown

    plain = markdown.Markdown(extensions=config["markdown_extensions"], extension_configs=config["mdx_configs"])
    assert converter.convert(source).content == plain.convert(source)


def test_blocks_are_stashed_and_anchors_found(root):
    import markdown

    md = markdown.Markdown()
    text = split_blocks('# T\n\n<div id="a"><div>x</div>\n\n<p>y</p></div>\n\nz\n', md)
    assert md.htmlStash.rawHtmlBlocks == ['<div id="a"><div>x</div>\n\n<p>y</p></div>\n']
    assert text.startswith("# T\n\n\n")
    assert anchor_ids('<a name="n" href="#x">l</a><h2 data-id="no" id="a&amp;b">') == {"n", "a&b"}

"""nianbao: 政府信息公开工作年度报告 — data, validation and page generation.

Plain Python, importable without MkDocs. The folders are the pipeline's parts, in the order
it runs them (each imports only its own part and those before it; tests/test_package_layout.py):

- ``data``: the data files read under limits, their schema, the model (``Catalog``), and
  written back as staff should find them (``writing``, ``scaffold``);
- ``checks``: the arithmetic rules and the quality audit, run once (``checks.run``);
- ``views``: what each page shows, planned by the process that writes it, then rendered;
- ``outputs``: downloads, the search index, the phone labels' stylesheet;
- ``build``: one pipeline (``BuildJob``) for ``mkdocs build``, ``nianbao build|pages`` and
  the tests; shards; preview; Zensical as a second engine;
- ``staff`` and ``importing``: the ``nianbao`` command and the importer.

Work and output grow linearly with the input: algorithms are bounded (the compare diff, the
figure reader, PDF ruling lines, Word spans) and nothing from the data is repeated per row,
cell or finding. ``settings`` alone reads the environment. ``hooks/portal.py`` adapts the
package to MkDocs.
"""

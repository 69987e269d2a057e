"""nianbao: 政府信息公开工作年度报告 — data, validation and page generation.

Plain Python, importable without MkDocs: load → validate → model (``catalog``), then plan
pages → render (``pages``, ``render``). ``hooks/portal.py`` adapts it to MkDocs.
"""

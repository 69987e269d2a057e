"""The catalog, by its one name: read (:mod:`nianbao.data.folders`), held
(:mod:`nianbao.data.catalog`) and checked (:mod:`nianbao.checks.run`). Code outside the
package and the tests name it here; inside, each part imports the module it needs."""

from .checks.run import LoneReport, load_catalog, load_lone_report
from .data.catalog import STATUTORY_DEADLINES, Catalog
from .data.folders import OFFICE_FILE, read_office, read_report

__all__ = [
    "OFFICE_FILE",
    "STATUTORY_DEADLINES",
    "Catalog",
    "LoneReport",
    "load_catalog",
    "load_lone_report",
    "read_office",
    "read_report",
]

"""The command line in Chinese: help, usage and argument errors, and the one-line refusals
every command gives instead of a traceback.

argparse writes its own words in English (``usage:``, ``positional arguments``, ``invalid int
value``). Its translation hook is the process-wide ``gettext``; rather than change that for
every program in the process (pytest uses argparse too), the parser below names its own
headings and translates its error messages.
"""

from __future__ import annotations

import argparse
import errno
import re
import sys
from typing import NoReturn

from ..data.model import year_problem
from ..problems import shown_text
from ..views.publication import build_date


class Refusal(Exception):
    """A command cannot run as asked; the message (Chinese, one line) says what to do."""


class ChineseFormatter(argparse.HelpFormatter):
    def add_usage(self, usage, actions, groups, prefix=None):
        super().add_usage(usage, actions, groups, "用法：" if prefix is None else prefix)


#: argparse's error messages (Python 3.10–3.13) → Chinese. Checked in order; the group is
#: kept (argument names, values).
_ERRORS = (
    (r"the following arguments are required: (.*)", r"缺少必填的参数：\1"),
    (r"unrecognized arguments: (.*)", r"无法识别的参数：\1"),
    (r"invalid choice: (.*?) \(choose from (.*)\)", r"无效的选择 \1（可选：\2）"),
    (r"invalid \w+ value: (.*)", r"无效的值 \1"),
    (r"expected one argument", r"需要一个值"),
    (r"expected at least one argument", r"至少需要一个值"),
    (r"ambiguous option: (\S+) could match (.*)", r"选项 \1 不明确，可能是：\2"),
    (r"one of the arguments (.*) is required", r"须在 \1 中选一个"),
    (r"not allowed with argument (.*)", r"不能与参数 \1 同时使用"),
    (r"ignored explicit argument (.*)", r"多余的值 \1"),
)


def translate_error(message: str) -> str:
    """An argparse error message in Chinese (unknown ones are kept as they are)."""
    match = re.fullmatch(r"argument (\S+?): (.*)", message, re.S)
    if match:
        return f"参数 {match[1]}：{translate_error(match[2])}"
    for pattern, replacement in _ERRORS:
        if re.fullmatch(pattern, message, re.S):
            return re.sub(pattern, replacement, message, flags=re.S)
    return message


class ChineseParser(argparse.ArgumentParser):
    """An ArgumentParser whose every word is Chinese; sub-command parsers are of this class
    too (argparse makes them with ``type(self)``)."""

    def __init__(self, *args, add_help: bool = True, **kwargs):
        kwargs.setdefault("formatter_class", ChineseFormatter)
        super().__init__(*args, add_help=False, **kwargs)
        self._positionals.title = "参数"
        self._optionals.title = "选项"
        if add_help:
            self.add_argument("-h", "--help", action="help", default=argparse.SUPPRESS, help="显示本帮助并退出")

    def error(self, message: str) -> NoReturn:
        self.print_usage(sys.stderr)
        self.exit(2, f"{self.prog}：错误：{translate_error(message)}\n")


def report_year(text: str) -> int:
    """An argument type: a plausible report year (see :func:`nianbao.data.model.plausible_years`)."""
    try:
        year = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"报告年度应为四位数字，如 2025，但写成了「{text}」") from None
    problem = year_problem(year, build_date())
    if problem:
        raise argparse.ArgumentTypeError(problem)
    return year


_OS_ERRORS = {
    errno.ENOENT: "不存在",
    errno.EACCES: "没有权限",
    errno.EPERM: "没有权限",
    errno.EROFS: "是只读的",
    errno.EISDIR: "是一个目录，不是文件",
    errno.ENOTDIR: "路径中有一部分不是目录",
    errno.ENOSPC: "磁盘空间已满",
    errno.EEXIST: "已存在",
}


def os_error_message(error: OSError) -> str:
    """A file-system error in one Chinese line, naming the path."""
    what = _OS_ERRORS.get(error.errno or 0, f"无法访问（{error.strerror or error}）")
    where = shown_text(str(error.filename)) if error.filename is not None else ""
    return f"{where}：{what}" if where else what

"""The architecture's promises, checked on the code itself.

Only `coach.store` touches TinyDB or writes a file; the model is plain Python; the
shell commands never load Textual; a Store belongs to one thread.
"""

from __future__ import annotations

import ast
import json
import os
import subprocess
import sys
import threading
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from coach.model.records import Walk
from coach.store.database import Store

PACKAGE = Path(__file__).resolve().parents[2] / "coach"
MODULE_CALLS = {
    "os": {"replace", "rename", "unlink", "remove", "open", "rmdir", "link", "symlink"},
    "shutil": {"copy", "copyfile", "copy2", "move", "rmtree", "copyfileobj"},
    "tempfile": {"mkstemp", "NamedTemporaryFile", "mkdtemp"},
}
PATH_METHODS = {"unlink", "write_text", "write_bytes", "rename", "rmdir", "touch", "symlink_to"}


def _modules() -> list[tuple[str, ast.Module]]:
    found = []
    for path in sorted(PACKAGE.rglob("*.py")):
        name = ".".join(path.relative_to(PACKAGE.parent).with_suffix("").parts)
        found.append((name.removesuffix(".__init__"), ast.parse(path.read_text())))
    return found


def _imports(tree: ast.Module) -> set[str]:
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names |= {alias.name.split(".")[0] for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            names.add(node.module.split(".")[0])
    return names


def test_only_the_store_imports_tinydb() -> None:
    importers = {name for name, tree in _modules() if "tinydb" in _imports(tree)}
    assert importers, "the store uses TinyDB"
    assert all(name.startswith("coach.store.") for name in importers), importers


def test_the_model_imports_neither_textual_nor_tinydb() -> None:
    model = [(name, tree) for name, tree in _modules() if name.startswith("coach.model")]
    assert len(model) >= 5
    for name, tree in model:
        assert not _imports(tree) & {"textual", "tinydb", "rich"}, name


def _is_devnull(node: ast.Call) -> bool:
    """`open(os.devnull, ...)`: the null device, where output goes to be dropped, holds no data."""
    first = node.args[0] if node.args else None
    return (
        isinstance(first, ast.Attribute)
        and isinstance(first.value, ast.Name)
        and (first.value.id, first.attr) == ("os", "devnull")
    )


READ_FLAGS = {"O_RDONLY", "O_NONBLOCK", "O_CLOEXEC", "O_NOFOLLOW", "O_DIRECTORY", "O_NOCTTY"}


def _opens_to_read(node: ast.Call) -> bool:
    """`os.open(path, os.O_RDONLY | ...)`: every flag named, and none that writes."""
    func = node.func
    if not (isinstance(func, ast.Attribute) and func.attr == "open" and len(node.args) == 2):
        return False
    parts = list(ast.walk(node.args[1]))
    flags = [p.attr for p in parts if isinstance(p, ast.Attribute)]
    names = all(
        isinstance(p, ast.Attribute | ast.Name | ast.BinOp | ast.BitOr | ast.Load) for p in parts
    )
    return names and bool(flags) and set(flags) <= READ_FLAGS


def _writes(tree: ast.Module) -> list[str]:
    found = []
    for node in ast.walk(tree):
        if not isinstance(node, ast.Call) or _is_devnull(node) or _opens_to_read(node):
            continue
        func = node.func
        if isinstance(func, ast.Attribute):
            owner = func.value.id if isinstance(func.value, ast.Name) else None
            if func.attr in MODULE_CALLS.get(owner or "", ()) or func.attr in PATH_METHODS:
                found.append(f"{owner or '...'}.{func.attr}")
        elif isinstance(func, ast.Name) and func.id == "open":
            modes = [a.value for a in node.args[1:2] if isinstance(a, ast.Constant)]
            modes += [
                k.value.value
                for k in node.keywords
                if k.arg == "mode" and isinstance(k.value, ast.Constant)
            ]
            if any(set(str(m)) & set("wax+") for m in modes):
                found.append("open(..., write)")
    return found


def test_no_module_outside_the_store_writes_renames_or_removes_a_file() -> None:
    """One door to the data: every write and removal beside the database is the store's."""
    offenders = {
        name: _writes(tree) for name, tree in _modules() if not name.startswith("coach.store")
    }
    assert {name: calls for name, calls in offenders.items() if calls} == {}
    assert _writes(ast.parse("import os\nos.replace('a', 'b')")) == ["os.replace"]
    assert _writes(ast.parse("import os\nos.open(os.devnull, 1)\nos.open(p, 1)")) == ["os.open"]
    reads = "os.open(p, os.O_RDONLY | os.O_NONBLOCK)\nos.open(p, os.O_RDONLY | os.O_CREAT)"
    assert _writes(ast.parse(reads)) == ["os.open"]  # the second creates
    assert _writes(ast.parse("os.open(p, flags)\nos.open(p, os.O_RDONLY | 64)")) == 2 * ["os.open"]


SHELL_COMMANDS = [
    ["status"],
    ["status", "--json"],
    ["walk", "add", "--minutes", "5"],
    ["walk", "list"],
    ["walk", "list", "--json"],
    ["walk", "start"],
    ["walk", "stop"],
    ["walk", "edit", "1", "--note", "edited"],
    ["walk", "start"],
    ["walk", "cancel"],
    ["walk", "delete", "1"],
    ["care", "add", "appointment", "--at", "tomorrow 14:30", "--with", "Dr Lee"],
    ["care", "add", "medicine", "--name", "Ibuprofen", "--dose", "400 mg"],
    ["care", "add", "result", "--name", "MRI", "--value", "normal"],
    ["care", "add", "question", "When can I cycle?"],
    ["care", "list"],
    ["care", "list", "--json"],
    ["care", "delete", "4"],
    ["status", "--json"],
    ["report"],
    ["report", "--format", "html", "--days", "14"],
    ["restore", "--list"],
    ["export", "--format", "csv"],
    ["export", "--format", "json"],
    ["content", "check"],
    ["set-aside", "--force"],
    ["forget", "--yes"],
]


def test_no_shell_command_loads_textual(tmp_path: Path) -> None:
    """The shell commands answer a tmux status bar: they must not pay for the UI."""
    script = (
        "import sys, io, contextlib, json\n"
        "from coach.__main__ import main\n"
        "loaded = {}\n"
        f"for args in {SHELL_COMMANDS!r}:\n"
        "    with contextlib.redirect_stdout(io.StringIO()):\n"
        "        code = main(['--db', sys.argv[1], *args])\n"
        "    loaded[' '.join(args)] = [code, sorted(m for m in ('textual', 'pyfiglet', 'rich')"
        " if m in sys.modules)]\n"
        "print(json.dumps(loaded))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "db.json")],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parent,
    )
    loaded = json.loads(done.stdout)
    assert {args: codes[0] for args, codes in loaded.items()} == dict.fromkeys(loaded, 0)
    assert {args: codes[1] for args, codes in loaded.items()} == dict.fromkeys(loaded, [])


def test_a_store_refuses_a_second_thread(db_path: Path) -> None:
    store = Store(db_path)
    start = datetime(2026, 5, 4, 9, tzinfo=UTC)
    store.add_walk(Walk(start, start + timedelta(minutes=5), 5))
    errors: list[BaseException] = []

    def elsewhere() -> None:
        try:
            store.walks()
        except BaseException as error:  # noqa: BLE001 - the point is to catch it
            errors.append(error)

    worker = threading.Thread(target=elsewhere)
    worker.start()
    worker.join()
    assert [type(e) for e in errors] == [RuntimeError]
    assert len(store.walks()) == 1  # still fine on its own thread


@pytest.mark.parametrize("name", ["fast", "summary", "documents", "files"])
def test_the_shell_s_fast_paths_load_no_records_module(name: str) -> None:
    """`coach status` and `walk list --json` stay lean: no dataclasses of the model, no TinyDB."""
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            f"import sys, coach.store.{name}; "
            "print(sorted(m for m in ('tinydb', 'coach.model.records', 'textual') "
            "if m in sys.modules))",
        ],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parent,
    )
    assert done.stdout.strip() == "[]"


NO_RECORDS = ["dataclasses", "inspect", "tinydb", "coach.model.records", "coach.model.content"]


@pytest.mark.parametrize(
    ("args", "absent"),
    [
        (["status"], [*NO_RECORDS, "zoneinfo", "pathlib"]),
        (["status", "--json"], [*NO_RECORDS, "zoneinfo", "pathlib"]),
        (["walk", "list", "--json"], [*NO_RECORDS, "zoneinfo", "pathlib", "typing"]),
        (
            ["walk", "add", "--minutes", "5", "--terrain", "hilly", "--leg-pain"],
            [*NO_RECORDS, "zoneinfo", "pathlib"],
        ),
    ],
)
@pytest.mark.parametrize("summary", [True, False], ids=["summary", "no-summary"])
def test_the_status_line_and_the_list_stay_lean_with_or_without_the_summary(
    tmp_path: Path, args: list[str], absent: list[str], summary: bool
) -> None:
    """`status` and `walk list --json` import no module their own work does not need:
    `dataclasses` (with `inspect`) alone costs them more than reading the summary, and
    without it, checking the settings needs no `Settings` model. `walk add` builds no
    record objects either. None reads the zone with `zoneinfo` (6 ms; the C library's is
    read through `datetime`) or names a file with `pathlib` (5 ms, with `urllib`)."""
    db = str(tmp_path / "db.json")
    subprocess.run(
        [sys.executable, "-m", "coach", "--db", db, "walk", "add", "--minutes", "5"],
        capture_output=True,
        check=True,
        cwd=PACKAGE.parent,
    )
    if not summary:  # settings as the app stores them, checked with every record
        Path(db + ".summary").unlink()
        data = json.loads(Path(db).read_text())
        data["settings"] = {"1": {"waking_start": "07:00", "choices": {"cat-cow": {"reps": 3}}}}
        Path(db).write_text(json.dumps(data))
    script = (
        "import sys, io, contextlib\n"
        "from coach.__main__ import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        f"    code = main(['--db', sys.argv[1], *{args!r}])\n"
        f"print(code, sorted(m for m in {absent!r} if m in sys.modules))\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", script, db],
        capture_output=True,
        text=True,
        check=True,
        cwd=PACKAGE.parent,
    )
    assert done.stdout.strip() == "0 []"


def test_a_shell_command_ends_with_its_objects_frozen_and_a_normal_shutdown(
    tmp_path: Path,
) -> None:
    """The console script freezes what the collector tracks before the interpreter's
    shutdown (which otherwise walks every object to free nothing the exit does not), and
    the shutdown still runs: output flushed, `atexit` called, the exit status kept."""
    db = str(tmp_path / "db.json")
    script = (
        "import atexit, gc, sys\n"
        "atexit.register(lambda: print('at exit:', gc.get_freeze_count() > 0, "
        "gc.isenabled(), file=sys.stderr))\n"
        "sys.argv = ['coach', *sys.argv[1:]]\n"
        "from coach.__main__ import entry\n"
        "entry()\n"
    )
    added = subprocess.run(
        [sys.executable, "-c", script, "--db", db, "walk", "add", "--minutes", "5"],
        capture_output=True,
        text=True,
        cwd=PACKAGE.parent,
    )
    assert added.returncode == 0, added.stderr
    assert added.stdout.startswith("walk 1 saved:")
    assert added.stderr == "at exit: True False\n"
    refused = subprocess.run(
        [sys.executable, "-c", script, "--db", db, "walk", "add", "--minutes", "x"],
        capture_output=True,
        text=True,
        cwd=PACKAGE.parent,
    )
    assert refused.returncode == 2
    assert refused.stderr.endswith("at exit: True False\n")


ENTRY = (
    "import sys\nsys.argv = ['coach', *sys.argv[1:]]\nfrom coach.__main__ import entry\nentry()\n"
)


def _console(
    args: list[str], *, unbuffered: bool, script: str = ENTRY, **how: object
) -> subprocess.CompletedProcess[str]:
    """The console script's entry, its output buffered as a pipe's or a file's (or not)."""
    env = {k: v for k, v in os.environ.items() if k != "PYTHONUNBUFFERED"}
    if unbuffered:
        env["PYTHONUNBUFFERED"] = "1"
    return subprocess.run(  # type: ignore[call-overload, no-any-return]
        [sys.executable, "-c", script, *args],
        stderr=subprocess.PIPE,
        text=True,
        cwd=PACKAGE.parent,
        env=env,
        check=False,
        **how,
    )


@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
def test_a_reader_gone_away_ends_the_command_quietly_with_its_own_status(
    tmp_path: Path, unbuffered: bool
) -> None:
    """`coach walk add ... | true`: the walk is saved, and the exit is 0 with nothing on
    stderr (not Python's "Exception ignored ... BrokenPipeError" and exit 120)."""
    db = str(tmp_path / "db.json")
    for args in (["walk", "add", "--minutes", "5"], ["status"], ["--help"]):
        read, write = os.pipe()
        os.close(read)  # the reader has gone before the first line
        try:
            done = _console(["--db", db, *args], unbuffered=unbuffered, stdout=write)
        finally:
            os.close(write)
        assert (done.returncode, done.stderr) == (0, ""), args
    listed = _console(["--db", db, "walk", "list", "--json"], unbuffered=False, stdout=-1)
    assert [walk["minutes"] for walk in json.loads(listed.stdout)] == [5]


@pytest.mark.parametrize("unbuffered", [False, True], ids=["buffered", "unbuffered"])
def test_output_to_a_full_disk_is_one_line_and_a_failure(tmp_path: Path, unbuffered: bool) -> None:
    full = Path("/dev/full")  # Linux's always-full device: every write is ENOSPC
    assert full.exists()
    db = str(tmp_path / "db.json")
    for args in (["walk", "add", "--minutes", "5"], ["status"], ["walk", "list", "--json"]):
        with full.open("w") as out:
            done = _console(["--db", db, *args], unbuffered=unbuffered, stdout=out)
        assert done.returncode == 1, args
        assert len(done.stderr.splitlines()) == 1, done.stderr
        assert done.stderr.startswith("coach: ") and "No space left on device" in done.stderr
        if not unbuffered:  # the output held back until the end: the promised line
            assert done.stderr == "coach: cannot write the output: No space left on device\n"


def test_a_closed_standard_output_is_one_line_and_a_failure(tmp_path: Path) -> None:
    """Started with `>&-`: the command still runs (a walk is saved), then says that
    nothing could be shown, as `echo hi >&-` does."""
    db = str(tmp_path / "db.json")
    for args in (["walk", "add", "--minutes", "5"], ["walk", "list", "--json"], ["status"]):
        done = _console(["--db", db, *args], unbuffered=False, preexec_fn=lambda: os.close(1))
        assert done.returncode == 1, args
        assert done.stderr == "coach: standard output is closed: nothing could be shown\n"
    refused = _console(  # a failure says so in its own one line: no second line
        ["--db", db, "walk", "add", "--minutes", "0"],
        unbuffered=False,
        preexec_fn=lambda: os.close(1),
    )
    assert (refused.returncode, refused.stderr) == (2, "coach: minutes must be more than 0\n")
    listed = _console(["--db", db, "walk", "list", "--json"], unbuffered=False, stdout=-1)
    assert len(json.loads(listed.stdout)) == 1


def test_ctrl_c_before_the_command_begins_is_a_quiet_exit_130(tmp_path: Path) -> None:
    """Interrupted while the arguments are read (outside the command's own handling)."""
    script = (
        "import sys\nsys.argv = ['coach', *sys.argv[1:]]\nimport coach.__main__ as m\n"
        "def interrupted(*args, **kwargs):\n    raise KeyboardInterrupt\n"
        "m.build_parser = interrupted\nm.entry()\n"
    )
    done = _console(
        ["--db", str(tmp_path / "db.json"), "status"], unbuffered=False, script=script, stdout=-1
    )
    assert (done.returncode, done.stderr, done.stdout) == (130, "", "")

    flushing = (  # Ctrl-C while the output is flushed to a slow reader
        "import sys\nsys.argv = ['coach', *sys.argv[1:]]\nimport coach.__main__ as m\n"
        "class Held:\n    held = True\n    def write(self, text):\n        return len(text)\n"
        "    def flush(self):\n        if self.held:\n            self.held = False\n"
        "            raise KeyboardInterrupt\n"
        "    def fileno(self):\n        return 1\n"
        "sys.stdout = Held()\nm.entry()\n"
    )
    done = _console(
        ["--db", str(tmp_path / "db.json"), "status"], unbuffered=False, script=flushing, stdout=-1
    )
    assert (done.returncode, done.stderr) == (130, "")

"""Whether a person holds a role is asked in one place.

``core.roles`` answers "is this person ...?" from the User's role look-ups (``core/models.py``);
each app's ``permissions.py`` combines those answers with its own items. Everything else (pages,
the API, services, selectors, templates) asks those functions. This test reads every project
``.py`` and ``.html`` file and names each file and line that checks a role itself:

- ``has_role`` or ``unit_ids_for`` (called or passed on), ``is_superuser``, ``role_pairs``;
- the User properties that used to answer role questions (``is_ird_coordinator``,
  ``is_top_management``, ``is_donorflow_admin``, ``is_focal_point_of``) on anything but a module
  (``workflow.permissions.is_top_management`` is a permission, not a User property);
- a ``core.roles.Role`` member in a comparison (``role == Role.ADMIN``, ``r in (Role.X, Role.Y)``,
  or a name that holds such a set).

Creating or querying role assignments is not a role check (``RoleAssignment(role=Role.X)``,
``filter(role_assignments__role=Role.X)`` find who holds a role), and neither is another model's
``Role`` (``ProjectParticipant.Role.FUNDING``).
"""

from __future__ import annotations

import ast
import re
from collections.abc import Iterator
from pathlib import Path, PurePosixPath

import pytest

ROOT = Path(__file__).resolve().parents[2]
SKIPPED_FOLDERS = {"var", "tests", "migrations", "__pycache__", "node_modules", "test-artifacts"}
# Where role checks belong; demo/ and bench/ create role assignments for their people.
ALLOWED_FILES = {"core/roles.py", "core/models.py", "core/admin.py"}
ALLOWED_FOLDERS = {"demo", "bench"}

CHECKING_ATTRIBUTES = {"has_role", "unit_ids_for", "is_superuser", "role_pairs"}
REMOVED_PROPERTIES = {
    "is_ird_coordinator",
    "is_top_management",
    "is_donorflow_admin",
    "is_focal_point_of",
}
ROLE_CLASSES = {"core.roles.Role", "core.models.Role"}
TEMPLATE_CHECK = re.compile(
    r"\.(" + "|".join(sorted(CHECKING_ATTRIBUTES | REMOVED_PROPERTIES)) + r")\b"
)


def allowed(path: PurePosixPath) -> bool:
    """Whether ``path`` (relative to the project) may check roles itself."""
    return (
        str(path) in ALLOWED_FILES
        or path.name == "permissions.py"
        or (len(path.parts) > 1 and path.parts[0] in ALLOWED_FOLDERS)
    )


def project_files(folder: Path) -> Iterator[Path]:
    for path in sorted(folder.iterdir()):
        if path.is_dir():
            if path.name.startswith(".") or path.name in SKIPPED_FOLDERS:
                continue
            yield from project_files(path)
        elif path.suffix in {".py", ".html"}:
            yield path


class _Imports:
    """What the module's imported names stand for: ``{"R": "core.roles.Role", "may":
    "workflow.permissions"}``."""

    def __init__(self, tree: ast.Module) -> None:
        self.origin: dict[str, str] = {}
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                for alias in node.names:
                    if alias.asname:
                        self.origin[alias.asname] = alias.name
                    else:
                        top = alias.name.split(".")[0]
                        self.origin[top] = top
            elif isinstance(node, ast.ImportFrom) and node.module and not node.level:
                for alias in node.names:
                    self.origin[alias.asname or alias.name] = f"{node.module}.{alias.name}"

    def dotted(self, node: ast.expr) -> str | None:
        """``R.ADMIN`` as ``core.roles.Role.ADMIN``; None for what imports do not name."""
        if isinstance(node, ast.Name):
            return self.origin.get(node.id)
        if isinstance(node, ast.Attribute):
            base = self.dotted(node.value)
            return f"{base}.{node.attr}" if base else None
        return None

    def is_role_member(self, node: ast.expr) -> bool:
        name = self.dotted(node) if isinstance(node, ast.Attribute) else None
        return name is not None and name.rsplit(".", 1)[0] in ROLE_CLASSES


def _role_sets(tree: ast.Module, imports: _Imports) -> set[str]:
    """Names the module binds to a Role member or to a tuple, list or set of them."""
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign | ast.AnnAssign) and node.value is not None:
            value = node.value
            members = value.elts if isinstance(value, ast.Tuple | ast.List | ast.Set) else [value]
            if members and all(imports.is_role_member(m) for m in members):
                targets = node.targets if isinstance(node, ast.Assign) else [node.target]
                names |= {t.id for t in targets if isinstance(t, ast.Name)}
    return names


def _compares_roles(node: ast.Compare, imports: _Imports, role_sets: set[str]) -> bool:
    for operand in [node.left, *node.comparators]:
        candidates = operand.elts if isinstance(operand, ast.Tuple | ast.List | ast.Set) else []
        for part in [operand, *candidates]:
            if imports.is_role_member(part):
                return True
            if isinstance(part, ast.Name) and part.id in role_sets:
                return True
    return False


def python_offences(source: str) -> Iterator[tuple[int, str]]:
    """(line, what) for each role check in a Python module's source."""
    tree = ast.parse(source)
    imports = _Imports(tree)
    role_sets = _role_sets(tree, imports)
    for node in ast.walk(tree):
        if isinstance(node, ast.Attribute) and isinstance(node.ctx, ast.Load):
            on_a_module = isinstance(node.value, ast.Name) and node.value.id in imports.origin
            if node.attr in CHECKING_ATTRIBUTES or (
                node.attr in REMOVED_PROPERTIES and not on_a_module
            ):
                yield node.lineno, node.attr
        elif isinstance(node, ast.Name) and node.id in {"has_role", "unit_ids_for"}:
            yield node.lineno, node.id
        elif isinstance(node, ast.Compare) and _compares_roles(node, imports, role_sets):
            yield node.lineno, "Role in a comparison"


def template_offences(source: str) -> Iterator[tuple[int, str]]:
    for number, line in enumerate(source.splitlines(), start=1):
        for found in TEMPLATE_CHECK.finditer(line):
            yield number, found.group(1)


def offences(folder: Path, root: Path = ROOT) -> list[tuple[str, int, str, str]]:
    """(path from ``root``, line, what, the line's code) for every role check under ``folder``."""
    found = []
    for path in project_files(folder):
        relative = PurePosixPath(path.relative_to(root).as_posix())
        if allowed(relative):
            continue
        source = path.read_text(encoding="utf-8")
        lines = source.splitlines()
        checks = python_offences(source) if path.suffix == ".py" else template_offences(source)
        for number, what in checks:
            found.append((str(relative), number, what, lines[number - 1].strip()))
    return found


def _folders() -> list[str]:
    return sorted(
        path.name
        for path in ROOT.iterdir()
        if path.is_dir()
        and not path.name.startswith(".")
        and path.name not in SKIPPED_FOLDERS
        and any(project_files(path))
    )


@pytest.mark.parametrize("folder", _folders())
def test_roles_are_checked_only_through_core_roles_and_the_permissions(folder: str) -> None:
    found = offences(ROOT / folder)
    listed = "\n".join(f"{path}:{line}: {what}: {code}" for path, line, what, code in found)
    assert not found, (
        "Ask core.roles or the app's permissions.py instead of checking roles here:\n" + listed
    )


def test_top_level_modules_check_no_roles() -> None:
    for path in ROOT.glob("*.py"):
        assert not list(python_offences(path.read_text(encoding="utf-8"))), path.name


PLANTED = """\
from core.roles import Role
from core import roles
from workflow import permissions as may

WHOLE = (Role.VIEWER, Role.ADMIN)


def page(user, unit, role):
    if user.has_role(Role.IRD_COORDINATOR):
        pass
    units = user.unit_ids_for(Role.FOCAL_POINT)
    if user.is_superuser:
        pass
    pairs = user.role_pairs
    if user.is_ird_coordinator or user.is_top_management:
        pass
    if user.is_donorflow_admin or user.is_focal_point_of(unit):
        pass
    if role == Role.ADMIN:
        pass
    if role in (Role.VIEWER, roles.Role.UNIT_HEAD):
        pass
    if role in WHOLE:
        pass
    return any(map(user.has_role, WHOLE))
"""

PLANTED_LINES = {
    9: "has_role",
    11: "unit_ids_for",
    12: "is_superuser",
    14: "role_pairs",
    15: "is_top_management",
    17: "is_focal_point_of",
    19: "Role in a comparison",
    21: "Role in a comparison",
    23: "Role in a comparison",
    25: "has_role",
}

# Making and finding role assignments, another model's roles, a permission named like a removed
# property, and words in a docstring are not role checks.
HARMLESS = '''\
"""Asks has_role(...) nowhere; user.is_superuser is only mentioned."""
from core.models import RoleAssignment, User
from core.roles import Role, in_department
from projects.models import ProjectParticipant
from workflow import permissions as may

FOCAL = RoleAssignment(role=Role.FOCAL_POINT, unit=None)
HOLDERS = User.objects.filter(role_assignments__role=Role.IRD_COORDINATOR, is_superuser=False)
AUDIENCE = {"roles": ((Role.TOP_MANAGEMENT, None),)}


def page(user, part):
    if part.role == ProjectParticipant.Role.FUNDING:
        pass
    permission = may.is_top_management
    return in_department(user) and AUDIENCE == {"roles": ()}
'''


def test_a_planted_check_of_each_kind_is_named_with_its_line() -> None:
    found = list(python_offences(PLANTED))
    assert {line for line, _what in found} == set(PLANTED_LINES)
    for line, what in PLANTED_LINES.items():
        assert (line, what) in found
    # Both removed properties on line 15 and 17 are named.
    assert (15, "is_ird_coordinator") in found
    assert (17, "is_donorflow_admin") in found


def test_making_and_finding_role_assignments_is_not_a_check() -> None:
    assert list(python_offences(HARMLESS)) == []


def test_templates_are_read_for_role_checks() -> None:
    template = (
        '{% if user.is_authenticated %}<a href="/">home</a>{% endif %}\n'
        "{% if request.user.is_superuser %}admin{% endif %}\n"
        "{% if is_top_management %}decisions{% endif %}\n"
        "{% if user.is_ird_coordinator %}register{% endif %}\n"
    )
    assert list(template_offences(template)) == [(2, "is_superuser"), (4, "is_ird_coordinator")]


def test_only_core_roles_the_permissions_and_the_data_makers_may_check() -> None:
    for path in [
        "core/roles.py",
        "core/models.py",
        "core/admin.py",
        "workflow/permissions.py",
        "core/api/permissions.py",
        "demo/loader.py",
        "bench/seed.py",
    ]:
        assert allowed(PurePosixPath(path)), path
    for path in ["web/views.py", "core/selectors.py", "calendars/events.py", "demo.py", "x/demo"]:
        assert not allowed(PurePosixPath(path)), path


def test_a_planted_offender_in_a_project_folder_is_named_by_file_and_line(
    tmp_path: Path,
) -> None:
    """From the folder walk to the rows the message lists, on files written for the test: the
    page's checks are named, a permissions module's and a migration's are not."""
    folder = tmp_path / "pages"
    (folder / "migrations").mkdir(parents=True)
    (folder / "templates").mkdir()
    check = "def f(user):\n    return user.has_role('admin')\n"
    (folder / "views.py").write_text(check)
    (folder / "permissions.py").write_text(check)
    (folder / "migrations" / "0001_roles.py").write_text(check)
    (folder / "templates" / "page.html").write_text("{% if user.is_superuser %}{% endif %}\n")
    assert offences(folder, root=tmp_path) == [
        ("pages/templates/page.html", 1, "is_superuser", "{% if user.is_superuser %}{% endif %}"),
        ("pages/views.py", 2, "has_role", "return user.has_role('admin')"),
    ]

"""`make test` on a fresh machine (tests/setup-machine.sh): it installs what the suite needs when
it can, or says in one line what to install, before anything runs.

The machine is faked with PATH: a folder of stand-in commands (`id`, `sudo`, `apt-get`, `npm`)
that record how they were called, and no Chromium where the script looks for it.
"""

from __future__ import annotations

import re
import shutil
import stat
import subprocess
from pathlib import Path

from helpers import REPO

SCRIPT = REPO / "tests" / "setup-machine.sh"


def fake_machine(tmp_path: Path, *, uid: int, commands: tuple[str, ...] = (), chromium: bool = False) -> dict[str, str]:
    """An environment whose PATH holds only the shell's basics and the stand-ins named in `commands`."""
    bin_dir = tmp_path / "bin"
    bin_dir.mkdir()
    log = tmp_path / "calls.log"
    for tool in ("sh", "touch"):
        found = shutil.which(tool)
        assert found is not None
        (bin_dir / tool).symlink_to(found)
    stand_ins = {"id": f'echo {uid}\n', **{name: f'echo "{name} $*" >> "{log}"\n' for name in commands}}
    for name, body in stand_ins.items():
        path = bin_dir / name
        path.write_text(f"#!/bin/sh\n{body}", encoding="utf-8")
        path.chmod(path.stat().st_mode | stat.S_IXUSR)
    browser = tmp_path / "browser"
    (browser / "node_modules").mkdir(parents=True)
    for name in ("package.json", "package-lock.json"):
        shutil.copyfile(REPO / "tests" / "browser" / name, browser / name)
    fake_chromium = tmp_path / "chromium"
    if chromium:
        fake_chromium.write_text("#!/bin/sh\n", encoding="utf-8")
        fake_chromium.chmod(0o755)
    return {"PATH": str(bin_dir), "HOME": str(tmp_path), "AR_CHROMIUM": str(fake_chromium), "AR_BROWSER_DIR": str(browser)}


def run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([shutil.which("sh") or "/bin/sh", str(SCRIPT)], env=env, capture_output=True, text=True, timeout=30, check=False)


def calls(tmp_path: Path) -> list[str]:
    log = tmp_path / "calls.log"
    return log.read_text(encoding="utf-8").splitlines() if log.exists() else []


def test_without_chromium_npm_root_or_sudo_one_line_says_what_to_install(tmp_path):
    result = run(fake_machine(tmp_path, uid=1000))
    assert result.returncode == 1 and result.stdout == ""
    assert result.stderr.splitlines() == [
        "make test needs chromium fonts-dejavu-core nodejs npm and cannot install them (not root, no sudo without a password): "
        "run `sudo apt-get install chromium fonts-dejavu-core nodejs npm` (Debian/Ubuntu), then make test again."
    ]
    assert calls(tmp_path) == [], "nothing was run"


def test_as_root_it_installs_what_is_missing_then_the_npm_packages(tmp_path):
    env = fake_machine(tmp_path, uid=0, commands=("apt-get", "npm"))
    result = run(env)
    assert result.returncode == 0, result.stderr
    assert calls(tmp_path) == [
        "apt-get update -qq",
        "apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core",
        f"npm ci --silent --no-audit --no-fund --prefix {env['AR_BROWSER_DIR']}",
    ]
    assert (Path(env["AR_BROWSER_DIR"]) / "node_modules" / ".installed").is_file()


def test_with_sudo_it_installs_through_sudo(tmp_path):
    env = fake_machine(tmp_path, uid=1000, commands=("sudo", "npm"), chromium=False)
    assert run(env).returncode == 0
    assert calls(tmp_path)[:3] == ["sudo -n true", "sudo apt-get update -qq", "sudo apt-get install -y -qq --no-install-recommends chromium fonts-dejavu-core"]


def test_quiet_and_idle_when_all_is_present(tmp_path):
    env = fake_machine(tmp_path, uid=1000, commands=("npm",), chromium=True)
    assert run(env).returncode == 0 and calls(tmp_path) == ["npm ci --silent --no-audit --no-fund --prefix " + env["AR_BROWSER_DIR"]]
    (tmp_path / "calls.log").unlink()
    again = run(env)
    assert (again.returncode, again.stdout, again.stderr, calls(tmp_path)) == (0, "", "", [])


def test_make_test_runs_it_before_the_suite():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    recipe = makefile[makefile.index("\ntest:") :].split("\n\n")[0]
    assert recipe.index("tests/setup-machine.sh") < recipe.index("pytest")


def test_make_silences_the_banner_material_prints():
    """The variable the Makefile exports is the one the installed Material reads."""
    import material.templates

    source = Path(material.templates.__file__).read_text(encoding="utf-8")
    exported = dict(re.findall(r"^export (\w+) := (\S+)$", (REPO / "Makefile").read_text(encoding="utf-8"), re.MULTILINE))
    (variable,) = set(re.findall(r'os\.getenv\("(\w+)"\)', source)) & set(exported)
    assert variable == "NO_MKDOCS_2_WARNING"

"""Dependency audit: pip-audit over the installed environment; fails on any known vulnerability.

    python scripts/audit.py

pip-audit asks PyPI (/pypi/<name>/<version>/json) or OSV for each installed package. Where neither answers
(an offline machine that only reaches a package mirror), the packages come back "skipped": this script says
how many could not be audited instead of reporting a clean result it did not get.
"""

from __future__ import annotations

import json
import subprocess
import sys


def main() -> int:
    done = subprocess.run([sys.executable, "-m", "pip_audit", "--format", "json", "--progress-spinner", "off"],
                          capture_output=True, text=True)
    try:
        deps = json.loads(done.stdout)["dependencies"]
    except (ValueError, KeyError):
        print(f"pip-audit failed (exit {done.returncode}): {done.stderr.strip()[-500:]}", file=sys.stderr)
        return 2
    vulnerable = [(d["name"], d["version"], v["id"], v.get("fix_versions")) for d in deps for v in d.get("vulns", [])]
    skipped = [d["name"] for d in deps if "skip_reason" in d]
    for name, version, vuln, fixes in vulnerable:
        print(f"VULNERABLE {name} {version}: {vuln} (fixed in {', '.join(fixes or []) or 'no release yet'})")
    audited = len(deps) - len(skipped)
    print(f"pip-audit: {len(deps)} packages, {audited} audited, {len(skipped)} not reachable on the "
          f"vulnerability service, {len(vulnerable)} known vulnerabilities")
    if skipped and not audited:
        print("WARNING: no package could be audited (no route to pypi.org's JSON API or OSV from here); "
              "run `python scripts/audit.py` on a networked machine for a real result", file=sys.stderr)
    return 1 if vulnerable else 0


if __name__ == "__main__":
    sys.exit(main())

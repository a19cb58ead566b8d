"""Regenerate src/mainwp_async/testing/_embedded.py from postman/source (facts only).

Run: .venv/bin/python tests/sim/regen_embedded.py
The shipped simulator cannot read postman/source at run time, so the server's own route
table and the capture rig's data are frozen into a compressed module.
"""

from __future__ import annotations

import base64
import json
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "postman" / "source"
CAP = SRC / "captures"
OUT = ROOT / "src" / "mainwp_async" / "testing" / "_embedded.py"


def body(rel: str) -> object:
    return json.loads((CAP / rel).read_text())["body"]


def main() -> None:
    routes = json.loads((SRC / "routes.json").read_text())["routes"]
    table = [
        {"route": k, "methods": v["methods"], "endpoints": v["endpoints"]}
        for k, v in routes.items()
    ]
    rig = {
        "sites": body("get/sites.json")["data"],
        "clients": body("get/clients.json")["data"],
        "tags": list(body("get/tags.json")["data"].values()),
        "costs_list": list(body("get/costs.json")["data"].values()),
        "cost_1": body("get/costs_1.json")["data"],
        "keys": body("get/rest-api_keys.json")["data"],
        "monitors": body("get/monitors.json")["data"],
        "monitor_3": body("get/monitors_3.json")["data"],
        "heartbeat_3": body("get/monitors_3_heartbeat.json")["data"],
        "monitor_settings": body("seed/monitors_settings_enable.json")["data"],
        "site_client_1": body("get/sites_1_client.json")["data"],
        "security_1": body("get/sites_1_security.json")["data"],
        "non_mainwp_changes_1": body("get/sites_1_non-mainwp-changes.json")["data"],
        "post_1_1": body("get/posts_1_1.json")["data"],
        "page_1_2": body("get/pages_1_2.json")["data"],
        "pages": body("get/pages__websites-1-2-3.json")["data"],
        "users": body("get/users__websites-1-2-3.json")["data"],
        "settings": {
            name: body(f"get/settings_{name}.json")["data"]
            for name in (
                "advanced",
                "api-backups",
                "cost-tracker",
                "dashboard-insights",
                "emails",
                "general",
                "monitoring",
                "tools",
            )
        },
    }
    blob = json.dumps({"routes": table, "rig": rig}, separators=(",", ":"), sort_keys=False)
    packed = base64.b64encode(zlib.compress(blob.encode(), 9)).decode()
    lines = [packed[i : i + 96] for i in range(0, len(packed), 96)]
    text = (
        '"""Frozen facts: the 6.1.2 route table and the capture rig\'s data (generated).\n\n'
        "Produced by ``tests/sim/regen_embedded.py`` from ``postman/source``; do not edit.\n"
        '"""\n\n'
        "from __future__ import annotations\n\n"
        "import base64\nimport json\nimport zlib\nfrom typing import Any\n\n"
        "_PACKED = (\n" + "".join(f'    "{ln}"\n' for ln in lines) + ")\n\n\n"
        "def load() -> dict[str, Any]:\n"
        '    """Return ``{"routes": [...], "rig": {...}}`` decoded from the frozen blob."""\n'
        "    data: dict[str, Any] = json.loads(zlib.decompress(base64.b64decode(_PACKED)))\n"
        "    return data\n"
    )
    OUT.write_text(text)
    print(f"wrote {OUT} ({len(text)} bytes)")


if __name__ == "__main__":
    main()

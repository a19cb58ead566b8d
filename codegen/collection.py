"""Build the MainWP REST v2 Postman collection from the dashboard's route index and captures.

Inputs (all committed under ``postman/source``): ``routes.json`` (the live namespace
index, ``GET /wp-json/mainwp/v2``) and ``captures/`` (real responses). The facts that
the index does not carry (params a handler reads without declaring them, body
encodings, paging behaviour, short notes) live in the tables of this module; they
were taken once from the server facts and MainWP's OpenAPI file, which is not read at
build time. The output is a Postman Collection v2.1 document, byte-for-byte stable.

Conventions of the collection (the reader in :mod:`codegen.postman` relies on them):

* Every request item carries item-level ``variable`` entries ``x-mainwp-name``,
  ``x-mainwp-category``, ``x-mainwp-methods`` (every accepted verb, comma separated),
  ``x-mainwp-route`` (the server regex below the namespace), ``x-mainwp-encoding``
  (``none|json|json-strict|form|multipart``), ``x-mainwp-paging`` (a ``PagingKind``
  value) and ``x-mainwp-declared-args`` (every arg name the route index declares for
  the route, sorted, comma separated; it includes the args the request leaves out as
  noise, so a live index can be compared with it exactly).
* Each parameter description starts with a tag ``[type, required, default=<json>,
  enum=<json list>, items=<type>]`` followed by a short sentence. Query and path
  parameters carry it in their own ``description``; form fields likewise (a ``multipart``
  request is a ``formdata`` body whose ``file`` params are file entries); fields of a
  raw JSON body are listed in the request description as lines
  ``- `name` [tag] text`` under a ``Body fields:`` heading.
* Saved examples keep the captured status, headers and body; their
  ``originalRequest`` has the real method, path, query and body, and a header
  ``X-Capture-Auth`` naming the key scope used (``read``, ``write``, ``delete``,
  ``read_write``, ``none``, or ``custom:<header with secrets redacted>``).
"""

from __future__ import annotations

import argparse
import http
import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from codegen.naming import CATEGORY_TITLES, NAMESPACE, endpoint_name, route_params

__all__ = ["CATEGORIES", "build_collection", "capture_auth_label", "dump_collection", "main"]

#: Folder order: (category slug, folder title); kept in codegen.naming.
CATEGORIES = CATEGORY_TITLES

_API_PREFIX = "/wp-json" + NAMESPACE
_BASE = "{{base_url}}"

# --------------------------------------------------------------------------------------
# Facts tables (keyed by the route template below the namespace).
# Param mini-language: "name:type", "!" suffix = required, "=json" = default,
# "{a,b}" = enum.  e.g. "status:string{any,active}", "page:integer=1", "slug:string!"
# --------------------------------------------------------------------------------------

_SITE_LIST = (
    "page:integer",
    "per_page:integer",
    "search:string",
    "status:string{any,connected,disconnected,suspended,available_update}",
    "include:string",
    "exclude:string",
    "custom_fields:string",
    "_fields:string",
)
_SITE_FILTER = ("include:string", "exclude:string")
_SITE_EDIT = (
    "name:string",
    "admin:string",
    "sslversion:integer",
    "uniqueid:string",
    "protocol:string{http,https}",
    "disablehealthchecking:integer",
    "healththreshold:integer",
    "suspended:integer",
    "groupids:string",
    "automatic_update:integer",
    "backup_before_upgrade:integer",
    "force_use_ipv4:integer",
    "ignore_core_updates:integer",
    "ignore_plugin_updates:integer",
    "ignore_theme_updates:integer",
    "monitoring_emails:string",
    "http_user:string",
    "http_pass:string",
    "client_id:integer",
)
_CLIENT_FIELDS = (
    "client_email:string",
    "client_phone:string",
    "address_1:string",
    "address_2:string",
    "city:string",
    "zip:string",
    "state:string",
    "country:string",
    "note:string",
    "client_facebook:string",
    "client_twitter:string",
    "client_instagram:string",
    "client_linkedin:string",
    "created:string",
    "selected_sites:string",
    "custom_fields:array",
)
_COST_FIELDS = (
    "name:string",
    "payment_type:string",
    "product_type:string",
    "product_slug:string",
    "license_type:string",
    "cost_tracker_status:string",
    "url:string",
    "icon_hidden:integer",
    "product_color:string",
    "price:number",
    "payment_method:string",
    "renewal_type:string",
    "last_renewal:string",
    "note:string",
    "sites:array",
    "groups:array",
    "clients:array",
)
_BATCH = ("create:array", "update:array", "delete:array")
_SITE_BATCH_GROUPS = tuple(
    f"{g}:array"
    for g in (
        "sync",
        "reconnect",
        "disconnect",
        "suspend",
        "check",
        "remove",
        "security",
        "plugins",
        "themes",
        "non-mainwp-changes",
    )
)
_UPDATE_FILTER = ("type:string", "search:string")

#: Params the handler reads that routes.json does not declare.
_EXTRA_PARAMS: dict[str, tuple[str, ...]] = {
    "/sites": (*_SITE_LIST, "with_tags:boolean=true", "full_data:boolean=true"),
    "/sites/basic": (*_SITE_LIST, "with_tags:boolean=false", "full_data:boolean=false"),
    "/sites/count": ("status:string", *_SITE_FILTER),
    "/sites/sync": _SITE_FILTER,
    "/sites/reconnect": _SITE_FILTER,
    "/sites/disconnect": _SITE_FILTER,
    "/sites/check": _SITE_FILTER,
    "/sites/{id_domain}": ("with_tags:boolean=true", "custom_fields:string", "_fields:string"),
    "/sites/add": (
        "url:string!",
        "name:string",
        "admin:string",
        "adminpassword:string",
        "uniqueid:string",
        "ssl_verify:boolean",
        "force_use_ipv4:integer",
        "http_user:string",
        "http_pass:string",
        "groupids:string",
        "client_id:integer",
    ),
    "/sites/{id_domain}/edit": _SITE_EDIT,
    "/sites/{id_domain}/sync": ("_fields:string",),
    "/sites/{id_domain}/plugins": (
        "status:string{any,active,inactive}",
        "search:string",
        "must_use:boolean",
        "page:integer",
        "per_page:integer",
    ),
    "/sites/{id_domain}/plugins/activate": ("slug:string!",),
    "/sites/{id_domain}/plugins/deactivate": ("slug:string!",),
    "/sites/{id_domain}/plugins/delete": ("slug:string!",),
    "/sites/{id_domain}/themes": (
        "status:string{any,active,inactive}",
        "search:string",
        "page:integer",
        "per_page:integer",
    ),
    "/sites/{id_domain}/themes/activate": ("slug:string!",),
    "/sites/{id_domain}/themes/delete": ("slug:string!",),
    "/sites/{id_domain}/non-mainwp-changes": (
        'source:string="wpadmin"',
        "actions:string",
        "contexts:string",
        "total_count:boolean",
        "optimize_view:boolean",
        "optimize_with_meta:boolean",
        "page:integer",
        "per_page:integer",
        "limit:integer=200",
        "order:string",
        "orderby:string",
    ),
    "/sites/batch": (*_BATCH, *_SITE_BATCH_GROUPS),
    "/clients": (
        "page:integer",
        "per_page:integer",
        "search:string",
        "include:string",
        "exclude:string",
        "status:string{all,active,suspended}",
        "with_tags:boolean",
        "with_contacts:boolean",
        "custom_fields:boolean",
    ),
    "/clients/add": ("name:string!", *_CLIENT_FIELDS, "primary_contact_id:integer"),
    "/clients/{id_email}/edit": ("name:string", *_CLIENT_FIELDS, "primary_contact_id:integer"),
    "/clients/batch": _BATCH,
    "/clients/fields": ("per_page:integer=20",),
    "/tags": ("page:integer", "per_page:integer", "search:string", *_SITE_FILTER),
    "/tags/add": ("name:string!", "color:string"),
    "/tags/{id}/edit": ("name:string", "color:string"),
    "/tags/batch": _BATCH,
    "/updates": ("type:string", "search:string", *_SITE_FILTER),
    "/updates/{id_domain}": _UPDATE_FILTER,
    "/updates/ignored": ("type:string{plugins,themes}", "search:string"),
    "/updates/{id_domain}/ignored": _UPDATE_FILTER,
    "/updates/{id_domain}/update/plugins": ("slug:string!",),
    "/updates/{id_domain}/update/themes": ("slug:string!",),
    "/updates/{id_domain}/update/translations": ("slug:string!",),
    "/updates/{id_domain}/ignore/plugins": ("slug:string",),
    "/updates/{id_domain}/ignore/themes": ("slug:string",),
    "/batch": (
        "sites:object",
        "clients:object",
        "tags:object",
        "updates:object",
        "costs:object",
    ),
    "/costs": (
        "page:integer",
        "per_page:integer",
        "search:string",
        *_SITE_FILTER,
        "status:string",
        "category:string",
        "type:string{any,subscription,lifetime}",
    ),
    "/costs/add": _COST_FIELDS,
    "/costs/{id}/edit": _COST_FIELDS,
    "/costs/batch": _BATCH,
}

_POST_STATUS = ["publish", "pending", "private", "future", "draft", "trash"]
_STATUS_ACTIONS = ["unpublish", "publish", "approve", "trash", "delete", "restore"]
_ROLES = ["administrator", "subscriber", "editor", "author", "contributor"]
_OPEN_CLOSED = ["open", "closed"]
_LIST_ENUMS = {"search_on": ["title", "body", "Title and Body"], "status": _POST_STATUS}
_WRITE_ENUMS: dict[str, list[Any]] = {
    "comment_status": _OPEN_CLOSED,
    "ping_status": _OPEN_CLOSED,
    "is_sticky": [1, 0],
    "post_status": _POST_STATUS,
}
_ZERO_ONE = [0, 1]
_MONITOR_STATUS = ["up", "down", "pending", "first", "paused"]
_SITE_STATUS = ["any", "connected", "disconnected", "suspended", "available_update"]
_PAYMENT_TYPES = ["subscription", "lifetime"]
_MONITOR_SETTINGS = {
    "type": ["useglobal", "http", "ping", "keyword"],
    "method": ["useglobal", "head", "get", "post", "push", "patch", "delete"],
}

#: Allowed values the server checks in validate callbacks (routes.json does not list them).
_ENUMS: dict[str, dict[str, list[Any]]] = {
    "/posts": _LIST_ENUMS,
    "/pages": _LIST_ENUMS,
    "/posts/{id_domain}/{id_post}/update-status": {"status": _STATUS_ACTIONS},
    "/pages/{id_domain}/{id_page}/update-status": {"status": _STATUS_ACTIONS},
    "/posts/{id_domain}/{id_post}/edit": _WRITE_ENUMS,
    "/posts/{id_domain}/create": _WRITE_ENUMS,
    "/pages/{id_domain}/{id_page}/edit": _WRITE_ENUMS,
    "/pages/{id_domain}/create": _WRITE_ENUMS,
    "/users": {"roles": _ROLES},
    "/users/create": {"role": _ROLES},
    "/users/{id_domain}/{user_id}/edit": {"role": _ROLES},
    "/settings/general/edit": {
        "frequency_daily_update": list(range(1, 13)),
        "sidebar_position": _ZERO_ONE,
        "hide_update_everything": _ZERO_ONE,
        "plugin_automatic_daily_update": _ZERO_ONE,
        "theme_automatic_daily_update": _ZERO_ONE,
        "frequency_auto_update": ["daily", "weekly", "monthly"],
        "show_language_updates": _ZERO_ONE,
        "disable_update_confirmations": [0, 1, 2],
        "check_http_response": _ZERO_ONE,
        "check_http_response_method": ["head", "get"],
        "backup_before_upgrade": _ZERO_ONE,
        "dayinweek_auto_update": list(range(7)),
        "dayinmonth_auto_update": list(range(32)),
        "delay_autoupdate": [0, 1, 2, 3, 4, 5, 6, 7, 14, 30],
        "mainwp_archive_format": ["zip", "tar.gz", "tar.bz2", "tar"],
        "mainwp_primary_backup": ["", "module-api-backups"],
    },
    "/settings/advanced/edit": {
        "mainwp_optimize": _ZERO_ONE,
        "mainwp_wp_cron": _ZERO_ONE,
        "mainwp_ssl_verify_certificate": _ZERO_ONE,
        "mainwp_verify_connection_method": [1, 2],
        "mainwp_force_use_ipv4": _ZERO_ONE,
    },
    "/settings/monitoring/edit": {
        "mainwp_uptime_monitoring_active": _ZERO_ONE,
        "mainwp_uptime_monitoring_down_confirmation_check": _ZERO_ONE,
        "mainwp_disable_sites_health_monitoring": _ZERO_ONE,
        "mainwp_sitehealth_threshold": [80, 100],
        "mainwp_uptime_monitoring_type": ["http", "ping", "keyword"],
    },
    "/settings/emails/{mail_type}/edit": {"disable": _ZERO_ONE},
    "/settings/cost-tracker/edit": {
        "currency_position": ["left", "right", "left_space", "right_space"],
    },
    "/settings/dashboard-insights/edit": {"enable_insights_logging": _ZERO_ONE},
    "/settings/tools/edit": {
        "mainwp_theme": ["default", "default-2024", "classic", "dark", "wpadmin", "minimalistic"],
    },
    "/monitors/settings": _MONITOR_SETTINGS,
    "/monitors": {"status": _MONITOR_STATUS},
    "/monitors/basic": {"status": _MONITOR_STATUS},
    "/monitors/count": {"status": _MONITOR_STATUS},
    "/monitors/{id_domain}/heartbeat": {"status": _MONITOR_STATUS},
    "/sites/count": {"status": _SITE_STATUS},
    "/sites/{id_domain}/edit": {
        "disablehealthchecking": _ZERO_ONE,
        "suspended": _ZERO_ONE,
        "automatic_update": _ZERO_ONE,
        "ignore_core_updates": _ZERO_ONE,
        "ignore_plugin_updates": _ZERO_ONE,
        "ignore_theme_updates": _ZERO_ONE,
    },
    "/costs/add": {"payment_type": _PAYMENT_TYPES},
    "/costs/{id}/edit": {"payment_type": _PAYMENT_TYPES},
    "/monitors/{id_domain}/settings": {**_MONITOR_SETTINGS, "active": ["0", "1", "useglobal"]},
}

#: Routes whose declared args are a copy of the item schema the handler never reads.
_SKIP_DECLARED = frozenset(
    {"/sites/add", "/sites/{id_domain}/check", "/sites/batch", "/clients/batch", "/tags/batch"}
)

_FORM_ROUTES = frozenset({"/clients/fields/add", "/rest-api/add-key"})
_STRICT_JSON_ROUTES = frozenset(
    {
        "/settings/general/edit",
        "/settings/advanced/edit",
        "/settings/monitoring/edit",
        "/settings/emails/{mail_type}/edit",
        "/settings/cost-tracker/edit",
        "/settings/cost-tracker/product-types/{slug}/edit",
        "/settings/cost-tracker/payment-methods/{slug}/edit",
        "/settings/dashboard-insights/edit",
        "/settings/api-backups/{api_slug}/edit",
        "/settings/tools/edit",
        "/monitors/settings",
        "/monitors/{id_domain}/settings",
    }
)
_MULTIPART_ROUTES = frozenset({"/users/import"})

_PAGING: dict[str, str] = {
    "/sites": "total-all",
    "/sites/basic": "total-page",
    "/clients": "total-page",
    "/tags": "total-page",
    "/costs": "total-page",
    "/monitors": "total-page",
    "/monitors/basic": "total-page",
    "/rest-api/keys": "repeat-last",
    "/updates": "unpaged",
    # total and pages are computed before slicing, like rest-api/keys; the captures only
    # show the empty answer, so the past-the-end behaviour is not observed.
    "/clients/fields": "total-all",
}

#: What each route does for a user, in our own words: the first sentence of every request
#: description (the manifest ``summary`` and the first docstring line of the SDK method).
#: Keyed by path template like ``_NOTES``; a template registered twice (numeric id and
#: domain/email variants) shares one entry. Every route must have one: the builder refuses
#: to make a collection otherwise.
_SUMMARIES: dict[str, str] = {
    # sites
    "/sites": "List the sites managed by the dashboard, with optional filters.",
    "/sites/basic": "List the sites as short records (id, name, URL, client).",
    "/sites/count": "Count the sites, optionally only those with a given status or id.",
    "/sites/sync": "Sync many sites at once (all of them unless include narrows the set).",
    "/sites/reconnect": "Try to reconnect many sites at once (all unless include narrows the set).",
    "/sites/disconnect": "Disconnect many sites from the dashboard at once.",
    "/sites/check": "Probe many sites over HTTP to see whether they are up.",
    "/sites/{id_domain}": "Get one site, looked up by its numeric id or its domain.",
    "/sites/add": "Connect a new WordPress child site to the dashboard.",
    "/sites/{id_domain}/edit": (
        "Change one site's settings, such as name, tags, client or update rules."
    ),
    "/sites/{id_domain}/sync": "Sync one site now, refreshing the dashboard's data about it.",
    "/sites/{id_domain}/security": "Fetch one site's security check results, live from the child.",
    "/sites/{id_domain}/plugins": "List the plugins installed on one site, as of its last sync.",
    "/sites/{id_domain}/plugins/activate": (
        "Activate plugins on one site (pass the plugin files as slug)."
    ),
    "/sites/{id_domain}/plugins/deactivate": (
        "Deactivate plugins on one site (pass the plugin files as slug)."
    ),
    "/sites/{id_domain}/plugins/delete": (
        "Uninstall plugins from one site (pass the plugin files as slug)."
    ),
    "/sites/{id_domain}/plugins/abandoned": (
        "List the plugins on one site that seem no longer maintained upstream."
    ),
    "/sites/{id_domain}/themes": "List the themes installed on one site, as of its last sync.",
    "/sites/{id_domain}/themes/activate": "Switch one site to another theme (pass its slug).",
    "/sites/{id_domain}/themes/delete": "Delete themes from one site; the active theme is refused.",
    "/sites/{id_domain}/themes/abandoned": (
        "List the themes on one site that seem no longer maintained upstream."
    ),
    "/sites/{id_domain}/non-mainwp-changes": "List the changes made on one site outside of MainWP.",
    "/sites/{id_domain}/reconnect": "Re-establish the dashboard's link to one site.",
    "/sites/{id_domain}/disconnect": "Cut the dashboard's link to one site.",
    "/sites/{id_domain}/suspend": (
        "Mark one site as suspended; the answer shows it as it was before."
    ),
    "/sites/{id_domain}/unsuspend": "Lift the suspension of one site.",
    "/sites/{id_domain}/check": "Probe one site over HTTP and report whether it is up.",
    "/sites/{id_domain}/remove": "Remove one site and have its MainWP Child plugin deactivated.",
    "/sites/{id_domain}/client": "Get the client that one site is assigned to.",
    "/sites/{id_domain}/costs": "List the cost tracker entries attached to one site.",
    "/sites/batch": "Run many site creates, edits, deletes and actions in one request.",
    # clients
    "/clients": "List the clients, with optional filters.",
    "/clients/count": "Count all clients (filters are not applied).",
    "/clients/add": "Create a client, optionally assigning sites to it.",
    "/clients/{id_email}": "Get one client, looked up by its numeric id or its email address.",
    "/clients/{id_email}/edit": "Change one client's details or the sites assigned to it.",
    "/clients/{id_email}/remove": "Delete one client; its sites stay but lose their client.",
    "/clients/{id_email}/sites": "List the sites assigned to one client.",
    "/clients/{id_email}/costs": "List the cost tracker entries attached to one client.",
    "/clients/{id_email}/sites/count": "Count the sites assigned to one client.",
    "/clients/{id_email}/suspend": "Mark one client as suspended.",
    "/clients/{id_email}/unsuspend": "Mark one suspended client as active again.",
    "/clients/batch": "Create, edit and delete many clients in one request.",
    "/clients/fields": "List the custom fields defined for clients.",
    "/clients/fields/add": "Define a new custom field for clients.",
    "/clients/fields/{id_name}/edit": "Rename or re-describe one client custom field.",
    "/clients/fields/{id_name}/delete": "Delete one client custom field.",
    # tags
    "/tags": "List the tags, with how many sites carry each.",
    "/tags/{id}": "Get one tag.",
    "/tags/add": "Create a tag.",
    "/tags/{id}/edit": "Rename or recolour one tag.",
    "/tags/{id}/remove": "Delete one tag.",
    "/tags/{id}/sites": "List the sites that carry one tag.",
    "/tags/{id}/clients": "List the clients that carry one tag.",
    "/tags/batch": "Create, edit and delete many tags in one request.",
    # updates
    "/updates": "List the pending core, plugin, theme and translation updates of every site.",
    "/updates/{id_domain}": "List the pending updates of one site, as of its last sync.",
    "/updates/ignored": "List the plugin and theme updates ignored dashboard-wide.",
    "/updates/{id_domain}/ignored": "List the plugin and theme updates ignored on one site.",
    "/updates/update": "Queue every pending update of every site for WP-Cron to install.",
    "/updates/{id_domain}/update": "Queue every pending update of one site for WP-Cron to install.",
    "/updates/{id_domain}/update/wp": "Upgrade WordPress core on one site.",
    "/updates/{id_domain}/update/plugins": (
        "Apply pending plugin updates on one site (pass the plugin files as slug)."
    ),
    "/updates/{id_domain}/update/themes": (
        "Apply pending theme updates on one site (pass the themes as slug)."
    ),
    "/updates/{id_domain}/update/translations": (
        "Apply pending translation updates on one site (pass them as slug)."
    ),
    "/updates/{id_domain}/ignore/wp": "Stop offering WordPress core updates for one site.",
    "/updates/{id_domain}/ignore/plugins": (
        "Stop offering updates of the given plugins on one site."
    ),
    "/updates/{id_domain}/ignore/themes": "Stop offering updates of the given themes on one site.",
    # global batch
    "/batch": "Submit work for several categories (sites, clients, tags and more) in one request.",
    # costs
    "/costs": "List the cost tracker entries, with optional filters.",
    "/costs/add": "Create a cost tracker entry for some sites, tags or clients.",
    "/costs/{id}": "Get one cost tracker entry.",
    "/costs/{id}/edit": "Change one cost tracker entry.",
    "/costs/{id}/remove": "Delete one cost tracker entry.",
    "/costs/{id}/sites": "List the sites that one cost applies to.",
    "/costs/{id}/clients": "List the clients that one cost applies to.",
    "/costs/batch": "Create, edit and delete many cost tracker entries in one request.",
    # users
    "/users": "List the WordPress users of the chosen child sites.",
    "/users/create": "Create the same WordPress user on each chosen child site.",
    "/users/{id_domain}/{user_id}/edit": (
        "Change one WordPress user's profile, role or password on a site."
    ),
    "/users/{id_domain}/{user_id}/delete": "Delete one WordPress user from a child site.",
    "/users/update-admin-password": "Set a new administrator password on the chosen child sites.",
    "/users/import": "Create users on child sites from the rows of a CSV file.",
    # settings
    "/settings/general": "Get the dashboard's general settings.",
    "/settings/general/edit": "Change the dashboard's general settings.",
    "/settings/advanced": (
        "Get the advanced settings, such as the throttling of child-site requests."
    ),
    "/settings/advanced/edit": (
        "Change the advanced settings, such as the throttling of child-site requests."
    ),
    "/settings/monitoring": "Get the uptime monitoring part of the dashboard settings.",
    "/settings/monitoring/edit": "Change the uptime monitoring part of the dashboard settings.",
    "/settings/emails": "Get the settings of every notification email type.",
    "/settings/emails/{mail_type}/edit": "Change the settings of one notification email type.",
    "/settings/cost-tracker": "Get the cost tracker module's settings.",
    "/settings/cost-tracker/edit": "Change the cost tracker module's settings.",
    "/settings/cost-tracker/product-types/add": (
        "Add a cost tracker product type (titles must be unique)."
    ),
    "/settings/cost-tracker/product-types/{slug}/edit": "Change one cost tracker product type.",
    "/settings/cost-tracker/product-types/{slug}/delete": "Delete one cost tracker product type.",
    "/settings/cost-tracker/payment-methods/add": (
        "Add a cost tracker payment method (titles must be unique)."
    ),
    "/settings/cost-tracker/payment-methods/{slug}/edit": "Change one cost tracker payment method.",
    "/settings/cost-tracker/payment-methods/{slug}/delete": (
        "Delete one cost tracker payment method."
    ),
    "/settings/dashboard-insights": "Get the dashboard insights settings.",
    "/settings/dashboard-insights/edit": "Change the dashboard insights settings.",
    "/settings/api-backups": "Get the backup provider API settings, with their secrets masked.",
    "/settings/api-backups/{api_slug}/edit": (
        "Change one backup provider's API settings; the answer echoes its secrets."
    ),
    "/settings/tools": "Get the settings of the dashboard's Tools page.",
    "/settings/tools/edit": "Change the settings of the dashboard's Tools page.",
    "/settings/tools/destroy-sessions": (
        "Start a job that ends the login sessions on every child site."
    ),
    "/settings/tools/destroy-sessions-status/{destroy_id}": (
        "Get the progress of a destroy-sessions job."
    ),
    "/settings/tools/renew-connections": (
        "Start a job that renews the connection to every child site."
    ),
    "/settings/tools/renew-connections-status/{renew_id}": (
        "Get the progress of a renew-connections job."
    ),
    "/settings/tools/disconnect-all-sites": "Start a job that disconnects every child site.",
    "/settings/tools/disconnect-all-sites-status/{disconnect_id}": (
        "Get the progress of a disconnect-all-sites job."
    ),
    "/settings/tools/clear-activation-data": "Wipe the stored extension license activation data.",
    "/settings/tools/restore-info-messages": (
        "Bring back the dashboard info messages that were dismissed."
    ),
    # monitors
    "/monitors": "List the uptime monitors with their uptime and response-time figures.",
    "/monitors/basic": "List the uptime monitors as short records (id, URL, last status).",
    "/monitors/count": "Count the uptime monitors.",
    "/monitors/{id_domain}": "Get one uptime monitor with its heartbeats of the last 30 days.",
    "/monitors/{id_domain}/basic": "Get one uptime monitor's id, URL and status.",
    "/monitors/{id_domain}/heartbeat": (
        "List the heartbeats (single checks) recorded by one monitor."
    ),
    "/monitors/{id_domain}/incidents": "List the downtime incidents recorded by one monitor.",
    "/monitors/{id_domain}/incidents/count": (
        "Add up the down checks in the first page of one monitor's incidents."
    ),
    "/monitors/{id_domain}/settings": "Change the check settings of one uptime monitor.",
    "/monitors/{id_domain}/check": "Check one monitored site now and report whether it is up.",
    "/monitors/settings": "Change the global uptime monitoring settings.",
    # API keys
    "/rest-api/keys": "List the dashboard's REST API keys (v1 and v2), without their secrets.",
    "/rest-api/add-key": "Create a REST API key; its token is shown only in this answer.",
    "/rest-api/edit-key/{key_identifier}": (
        "Change one API key's description, scopes or enabled state."
    ),
    "/rest-api/delete-key/{key_identifier}": "Delete one REST API key.",
    # posts
    "/posts": "Search the posts of the chosen child sites.",
    "/posts/{id_domain}/{id_post}": (
        "Get one post from a child site, with its terms, images and meta."
    ),
    "/posts/{id_domain}/{id_post}/update-status": (
        "Publish, unpublish, trash, restore or delete one post on a child site."
    ),
    "/posts/{id_domain}/{id_post}/edit": "Rewrite one post on a child site.",
    "/posts/{id_domain}/create": "Create a post on one child site.",
    "/posts/{id_domain}/{id_post}/delete": "Delete one post from a child site.",
    # pages
    "/pages": "Search the pages of the chosen child sites.",
    "/pages/{id_domain}/{id_page}": (
        "Get one page from a child site, with its terms, images and meta."
    ),
    "/pages/{id_domain}/{id_page}/update-status": (
        "Publish, unpublish, trash, restore or delete one page on a child site."
    ),
    "/pages/{id_domain}/{id_page}/edit": "Rewrite one page on a child site.",
    "/pages/{id_domain}/create": "Create a page on one child site.",
    "/pages/{id_domain}/{id_page}/delete": "Delete one page from a child site.",
}

#: Short notes (our own words) appended to the generated one-line summary.
_NOTES: dict[str, str] = {
    "/sites": "Pages only when both page and per_page are sent; total counts every match.",
    "/sites/basic": "Light site records; total counts this page only.",
    "/sites/sync": "Fleet-wide; every matching site is synced inside one PHP request.",
    "/sites/reconnect": "Fleet-wide; runs inside one PHP request.",
    "/sites/disconnect": "Fleet-wide and destructive: without include it disconnects every site.",
    "/sites/check": "Fleet-wide uptime check inside one PHP request.",
    "/sites/{id_domain}": "Answer has no success flag.",
    "/sites/add": "Failures come back as HTTP 200 with success 0.",
    "/sites/{id_domain}/edit": (
        "Always writes client_id: send the current one or the site loses its client."
    ),
    "/sites/{id_domain}/sync": "Talks to the child site.",
    "/sites/{id_domain}/security": "Talks to the child site.",
    "/sites/{id_domain}/plugins/activate": "Talks to the child site; slug is required.",
    "/sites/{id_domain}/plugins/deactivate": "Talks to the child site; slug is required.",
    "/sites/{id_domain}/plugins/delete": "Destructive; slug travels in the query string.",
    "/sites/{id_domain}/themes/delete": "Destructive; slug travels in the query string.",
    "/sites/{id_domain}/disconnect": "Destructive; talks to the child site.",
    "/sites/{id_domain}/remove": "Destructive: removes the site from the dashboard.",
    "/sites/batch": "At most 100 items; they run one after another in one PHP request.",
    "/clients": "Total counts this page only.",
    "/clients/count": "Total arrives as a string.",
    "/clients/{id_email}/edit": "selected_sites replaces the client's sites.",
    "/clients/{id_email}/remove": "Destructive.",
    "/clients/fields": "The declared pre_page arg is a typo; per_page is what is read.",
    "/clients/fields/add": "Form body only; a JSON body is read as empty.",
    "/clients/fields/{id_name}/edit": "JSON body only.",
    "/tags": "Data is an object keyed by id ([] when empty); total counts this page.",
    "/tags/add": "The server makes names unique.",
    "/tags/{id}/edit": "Always writes name: omitting it blanks the tag name.",
    "/tags/{id}/remove": "Destructive.",
    "/updates": (
        "Whole fleet in one answer; page and per_page are ignored. With the Abilities API "
        "it stops at 50 rows: pending_updates() reads every site."
    ),
    "/updates/ignored": "Fails with HTTP 500 on MainWP 6.1.2 with the Abilities API.",
    "/updates/{id_domain}/ignored": "Fails with HTTP 500 on MainWP 6.1.2 with the Abilities API.",
    "/updates/update": "Starts background updates for the fleet; no job id to poll.",
    "/updates/{id_domain}/update": "Starts background updates for one site; no job id to poll.",
    "/updates/{id_domain}/update/wp": "Synchronous core upgrade on the child; can take minutes.",
    "/updates/{id_domain}/update/plugins": "Synchronous; does nothing without slug.",
    "/updates/{id_domain}/update/themes": "Synchronous; does nothing without slug.",
    "/updates/{id_domain}/update/translations": "Synchronous; does nothing without slug.",
    "/updates/{id_domain}/ignore/plugins": (
        "Without slug every plugin update is ignored; v2 cannot undo it."
    ),
    "/updates/{id_domain}/ignore/themes": (
        "Without slug every theme update is ignored; v2 cannot undo it."
    ),
    "/batch": "Cross-category batch; only create and the site actions are carried out.",
    "/costs": "Total counts this page only.",
    "/costs/{id}/edit": "Full replace; the answer shows the record before the edit.",
    "/costs/{id}/remove": "Destructive.",
    "/monitors": "Total counts this page only.",
    "/monitors/basic": "Total counts this page only.",
    "/monitors/{id_domain}": "A numeric value is the monitor id, not the site id.",
    "/monitors/{id_domain}/heartbeat": "The server ignores page; limit sets the page size.",
    "/monitors/{id_domain}/settings": (
        "Needs Content-Type exactly application/json; active is a string."
    ),
    "/monitors/settings": "Needs Content-Type exactly application/json.",
    "/rest-api/keys": "A page past the end repeats the last page.",
    "/rest-api/add-key": "Form body only; the answer holds the new token (secret).",
    "/rest-api/edit-key/{key_identifier}": "JSON body only.",
    "/rest-api/delete-key/{key_identifier}": "Destructive; can delete the key in use.",
    "/settings/tools/destroy-sessions": "Background job; poll the matching status route.",
    "/settings/tools/renew-connections": "Background job; poll the matching status route.",
    "/settings/tools/disconnect-all-sites": "Destructive background job; poll the status route.",
    "/posts": (
        "Fans out to the child sites; needs websites, clients or groups. "
        "Broken in 6.1.2 (always HTTP 500)."
    ),
    "/pages": "Fans out to the child sites; needs websites, clients or groups.",
    "/posts/{id_domain}/{id_post}/edit": "Full replace: omitted fields are blanked.",
    "/pages/{id_domain}/{id_page}/edit": "Full replace: omitted fields are blanked.",
    "/users": "Fans out to the child sites; needs websites, clients or groups.",
    "/users/create": "JSON body; the answer holds the password.",
    "/users/update-admin-password": "Destructive fan-out; without password a random one is set.",
    "/users/import": "Multipart upload of a CSV file.",
}

#: Our own short wording for frequent parameter names.
_PARAM_TEXT: dict[str, str] = {
    "page": "Page number, starting at 1.",
    "per_page": "Items per page.",
    "search": "Text to search for.",
    "include": "Only these ids (comma separated).",
    "exclude": "Leave out these ids (comma separated).",
    "status": "Status filter.",
    "slug": "Slug(s), comma separated where several are allowed.",
    "name": "Name.",
    "description": "Description text.",
    "context": "WordPress response context.",
    "_fields": "Only return these fields (comma separated).",
    "id_domain": "Numeric id or domain name.",
    "id_email": "Numeric id or e-mail address.",
    "id": "Numeric id.",
    "create": "Items to create.",
    "update": "Items to update (each with its id).",
    "delete": "Ids to delete.",
    "websites": "Target site ids (comma separated).",
    "clients": "Target client ids.",
    "groups": "Target tag names.",
    "with_tags": "Include the tags of each item.",
    "full_data": "Return full records.",
    "custom_fields": "Include custom fields.",
    "type": "Kind filter.",
    "color": "Hex colour.",
    "url": "Site URL.",
    "password": "Password (secret).",
    "active": "Enabled flag.",
    "permissions": "Key scopes, comma separated (read, write).",
    "title": "Title.",
    "key_identifier": "Numeric key id, or a legacy ck_ consumer key.",
    "mail_type": "E-mail notification type.",
    "limit": "Maximum number of items.",
    "period": "Time window, e.g. 30d.",
    "since": "Only items after this date and time.",
    "maximum": "Maximum number of items per site.",
    "search_on": "Where to search.",
    "post_title": "Title of the post.",
    "post_content": "Content of the post.",
    "post_status": "Post status.",
    "post_name": "Post slug.",
    "username": "Login name.",
    "email": "E-mail address.",
    "role": "WordPress role.",
    "roles": "WordPress roles.",
    "id_post": "Post id on the child site.",
    "id_page": "Page id on the child site.",
    "user_id": "User id on the child site.",
    "client_id": "Client id.",
    "groupids": "Tag ids, comma separated.",
    "selected_sites": "Site ids, comma separated.",
}

_TYPE_PLACEHOLDER: dict[str, Any] = {
    "string": "",
    "integer": 0,
    "number": 0,
    "boolean": False,
    "array": [],
    "object": {},
    "any": "",
    "file": "",
}


# --------------------------------------------------------------------------------------
# Param model (plain dicts keep the builder simple)
# --------------------------------------------------------------------------------------


def _parse_fact(fact: str) -> dict[str, Any]:
    m = re.fullmatch(r"([A-Za-z0-9_\-]+):(\w+)(\{[^}]*\})?(!)?(?:=(.*))?", fact)
    if not m:
        raise ValueError(f"bad param fact: {fact!r}")
    name, typ, enum, req, default = m.groups()
    return {
        "name": name,
        "type": typ,
        "required": bool(req),
        "default": json.loads(default) if default is not None else None,
        "enum": enum[1:-1].split(",") if enum else None,
        "items": None,
    }


def _json_type(spec: dict[str, Any]) -> tuple[str, str | None]:
    t = spec.get("type")
    items = spec.get("items")
    items_type = items.get("type") if isinstance(items, dict) else None
    if isinstance(t, list):
        t = "array" if "array" in t else (t[0] if t else None)
    if t == "absint":
        t = "integer"
    if t is None:
        t = "string"  # untyped WordPress args (e.g. context) take strings
    if t not in ("string", "integer", "number", "boolean", "array", "object", "file"):
        t = "any"
    return t, items_type if isinstance(items_type, str) else None


def _declared(name: str, spec: dict[str, Any]) -> dict[str, Any]:
    typ, items = _json_type(spec)
    enum = spec.get("enum")
    return {
        "name": name,
        "type": typ,
        "required": bool(spec.get("required")),
        "default": spec.get("default"),
        "enum": list(enum) if isinstance(enum, list) else None,
        "items": items,
    }


def _tag(p: dict[str, Any]) -> str:
    parts = [p["type"]]
    if p["required"]:
        parts.append("required")
    if p["default"] is not None:
        parts.append("default=" + json.dumps(p["default"], ensure_ascii=False))
    if p["enum"] is not None:
        parts.append("enum=" + json.dumps(p["enum"], ensure_ascii=False))
    if p.get("items"):
        parts.append("items=" + p["items"])
    return "[" + ", ".join(parts) + "]"


def _param_text(p: dict[str, Any], template: str) -> str:
    text = _PARAM_TEXT.get(p["name"])
    if text is None:
        text = "Value of " + p["name"].replace("_", " ") + "."
    if template == "/users/import" and p["name"] == "csv_file":
        text = "CSV file to import (multipart file part)."
    return f"{_tag(p)} {text}"


def _value_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return value
    return json.dumps(value, ensure_ascii=False)


# --------------------------------------------------------------------------------------
# Requests
# --------------------------------------------------------------------------------------


def _encoding(template: str, method: str) -> str:
    if method in ("GET", "DELETE", "HEAD"):
        return "none"
    if template in _MULTIPART_ROUTES:
        return "multipart"
    if template in _FORM_ROUTES:
        return "form"
    if template in _STRICT_JSON_ROUTES:
        return "json-strict"
    return "json"


def _route_params(template: str, route: str, spec: dict[str, Any]) -> list[dict[str, Any]]:
    """Every param of a route: path first, then declared args, then extra facts."""
    _, path_params = route_params(route)
    path_names = [n for n, _ in path_params]
    args = spec["endpoints"][0].get("args") or {}
    if not isinstance(args, dict):
        args = {}
    params: list[dict[str, Any]] = []
    for pname in path_names:
        p = _declared(pname, args.get(pname, {"type": "string"}))
        p["required"] = True
        p["location"] = "path"
        params.append(p)
    seen = set(path_names)
    if template not in _SKIP_DECLARED:
        for name, aspec in args.items():
            if name in seen:
                continue
            seen.add(name)
            params.append(_declared(name, aspec))
    for fact in _EXTRA_PARAMS.get(template, ()):
        p = _parse_fact(fact)
        if p["name"] in seen:
            continue
        seen.add(p["name"])
        params.append(p)
    enums = _ENUMS.get(template, {})
    for p in params:
        if p["enum"] is None and p["name"] in enums:
            p["enum"] = list(enums[p["name"]])
    return params


def _declared_arg_names(spec: dict[str, Any]) -> list[str]:
    """Every arg name the index declares on a route (all endpoints, skipped ones too)."""
    names: set[str] = set()
    for endpoint in spec.get("endpoints") or []:
        args = endpoint.get("args") if isinstance(endpoint, dict) else None
        if isinstance(args, dict):
            names.update(str(a) for a in args)
    return sorted(names)


def _url(path: str, query: list[dict[str, Any]], variables: list[dict[str, Any]]) -> dict[str, Any]:
    segments = [s for s in path.split("/") if s]
    raw = _BASE + "/" + "/".join(segments)
    active = [q for q in query if not q.get("disabled")]
    if active:
        raw += "?" + "&".join(f"{q['key']}={q['value']}" for q in active)
    url: dict[str, Any] = {"raw": raw, "host": [_BASE], "path": segments}
    if query:
        url["query"] = query
    if variables:
        url["variable"] = variables
    return url


def _summary(template: str, method: str, methods: list[str], encoding: str) -> str:
    summary = _SUMMARIES.get(template)
    if summary is None:
        raise ValueError(f"route {template or '/'} has no summary: add one to _SUMMARIES")
    parts = [summary]
    if len(methods) > 1:
        others = ", ".join(m for m in methods if m != method)
        parts.append(f"The server also answers {others} here.")
    note = _NOTES.get(template)
    if note:
        parts.append(note)
    if encoding == "json-strict" and "Content-Type" not in (note or ""):
        parts.append("Needs Content-Type exactly application/json.")
    return " ".join(parts)


def _build_request(
    route_key: str, spec: dict[str, Any], all_routes: list[str]
) -> tuple[str, dict[str, Any]]:
    route = route_key[len(NAMESPACE) :]
    template, _ = route_params(route)
    methods = list(spec["methods"])
    method = methods[0]
    category, name = endpoint_name(route, method, all_routes)
    encoding = _encoding(template, method)
    paging = _PAGING.get(template, "none") if method == "GET" else "none"
    params = _route_params(template, route, spec)
    declared = _declared_arg_names(spec)

    url_path = _API_PREFIX + "/".join(
        ":" + s[1:-1] if s.startswith("{") else s for s in template.split("/")
    )
    variables = []
    query = []
    body_params = []
    for p in params:
        if p.get("location") == "path":
            variables.append(
                {"key": p["name"], "value": "", "description": _param_text(p, template)}
            )
        elif encoding == "none":
            q: dict[str, Any] = {
                "key": p["name"],
                "value": _value_text(p["default"]),
                "description": _param_text(p, template),
            }
            if not p["required"]:
                q["disabled"] = True
            query.append(q)
        else:
            body_params.append(p)

    headers: list[dict[str, Any]] = []
    description = _summary(template, method, methods, encoding)
    request: dict[str, Any] = {"method": method, "header": headers}
    if encoding in ("json", "json-strict"):
        headers.append({"key": "Content-Type", "value": "application/json"})
        example = {
            p["name"]: p["default"]
            if p["default"] is not None
            else _TYPE_PLACEHOLDER.get(p["type"], "")
            for p in body_params
            if p["required"]
        }
        request["body"] = {
            "mode": "raw",
            "raw": json.dumps(example, indent=2, ensure_ascii=False),
            "options": {"raw": {"language": "json"}},
        }
        if body_params:
            lines = [f"- `{p['name']}` {_param_text(p, template)}" for p in body_params]
            description += "\n\nBody fields:\n" + "\n".join(lines)
    elif encoding in ("form", "multipart"):
        # multipart/form-data is Postman's formdata mode; file params become file entries
        mode = "formdata" if encoding == "multipart" else "urlencoded"
        entries = []
        for p in body_params:
            e: dict[str, Any] = {
                "key": p["name"],
                "value": _value_text(p["default"]),
                "description": _param_text(p, template),
                "type": "file" if p["type"] == "file" else "text",
            }
            if e["type"] == "file":
                del e["value"]
                e["src"] = []
            if not p["required"]:
                e["disabled"] = True
            entries.append(e)
        if mode == "urlencoded":
            headers.append({"key": "Content-Type", "value": "application/x-www-form-urlencoded"})
        request["body"] = {"mode": mode, mode: entries}
    request["url"] = _url(url_path, query, variables)
    request["description"] = description

    item = {
        "name": name,
        "variable": [
            {"key": "x-mainwp-name", "value": name, "type": "string"},
            {"key": "x-mainwp-category", "value": category, "type": "string"},
            {"key": "x-mainwp-methods", "value": ",".join(methods), "type": "string"},
            {"key": "x-mainwp-route", "value": route, "type": "string"},
            {"key": "x-mainwp-encoding", "value": encoding, "type": "string"},
            {"key": "x-mainwp-paging", "value": paging, "type": "string"},
            {"key": "x-mainwp-declared-args", "value": ",".join(declared), "type": "string"},
        ],
        "request": request,
        "response": [],
    }
    return category, item


def _index_item() -> dict[str, Any]:
    return {
        "name": "namespace",
        "variable": [
            {"key": "x-mainwp-name", "value": "namespace", "type": "string"},
            {"key": "x-mainwp-category", "value": "index", "type": "string"},
            {"key": "x-mainwp-methods", "value": "GET", "type": "string"},
            {"key": "x-mainwp-route", "value": "", "type": "string"},
            {"key": "x-mainwp-encoding", "value": "none", "type": "string"},
            {"key": "x-mainwp-paging", "value": "none", "type": "string"},
        ],
        "request": {
            "method": "GET",
            "header": [],
            "url": {
                "raw": _BASE + _API_PREFIX,
                "host": [_BASE],
                "path": [s for s in _API_PREFIX.split("/") if s],
            },
            "description": (
                "Read the namespace index: every route with its verbs and declared args. "
                "Answers without a key. Also holds the saved answers of paths that match "
                "no route."
            ),
        },
        "response": [],
    }


# --------------------------------------------------------------------------------------
# Captures -> saved examples
# --------------------------------------------------------------------------------------

_SECRETISH = re.compile(r"[A-Za-z0-9+/_\-]{16,}")


def capture_auth_label(auth: str) -> str:
    """Map a capture's ``request.auth`` to the scope label stored on the example."""
    m = re.fullmatch(r"Bearer <MAINWP_TOKEN_(\w+)>", auth)
    if m:
        scope = m.group(1).lower()
        return {"rw": "read_write"}.get(scope, scope)
    if auth == "none":
        return "none"
    prefix = "custom Authorization header: "
    if auth.startswith(prefix):
        return "custom:" + _SECRETISH.sub("REDACTED", auth[len(prefix) :])
    return "custom:" + _SECRETISH.sub("REDACTED", auth)


def _match_route(path: str, routes: list[str]) -> str | None:
    """Return the routes.json key matching a concrete request path, like WordPress does."""
    if not path.startswith("/wp-json/"):
        return None
    rest = path[len("/wp-json") :]
    if len(rest) > 1:
        rest = rest.rstrip("/")
    for key in routes:
        if re.match("^" + key + "$", rest, re.IGNORECASE):
            return key
    return None


def _example(name: str, cap: dict[str, Any]) -> dict[str, Any]:
    req = cap["request"]
    segments = [s for s in req["path"].split("/") if s]
    query = [{"key": str(k), "value": _value_text(v)} for k, v in (req.get("query") or {}).items()]
    raw = _BASE + "/" + "/".join(segments)
    if query:
        raw += "?" + "&".join(f"{q['key']}={q['value']}" for q in query)
    url: dict[str, Any] = {"raw": raw, "host": [_BASE], "path": segments}
    if query:
        url["query"] = query
    headers = [{"key": "X-Capture-Auth", "value": capture_auth_label(req.get("auth", "none"))}]
    original: dict[str, Any] = {"method": req["method"], "header": headers, "url": url}
    if "body_raw" in req:
        original["body"] = {"mode": "raw", "raw": req["body_raw"]}
    elif req.get("body") is not None:
        if req.get("body_encoding") == "form" and isinstance(req["body"], dict):
            original["body"] = {
                "mode": "urlencoded",
                "urlencoded": [
                    {"key": str(k), "value": _value_text(v), "type": "text"}
                    for k, v in req["body"].items()
                ],
            }
        else:
            original["body"] = {
                "mode": "raw",
                "raw": json.dumps(req["body"], indent=2, ensure_ascii=False),
                "options": {"raw": {"language": "json"}},
            }
    code = int(cap["status"])
    try:
        status_text = http.HTTPStatus(code).phrase
    except ValueError:
        status_text = str(code)
    is_json = cap.get("body_kind") == "json"
    body = cap.get("body")
    if is_json:
        text = json.dumps(body, indent=2, ensure_ascii=False)
    else:
        text = body if isinstance(body, str) else ("" if body is None else json.dumps(body))
    return {
        "name": name,
        "originalRequest": original,
        "status": status_text,
        "code": code,
        "_postman_previewlanguage": "json" if is_json else "text",
        "header": [
            {"key": k, "value": str(v)} for k, v in cap.get("headers", {}).items() if v is not None
        ],
        "cookie": [],
        "responseTime": cap.get("elapsed_ms"),
        "body": text,
    }


def _load_captures(captures_dir: Path) -> list[tuple[str, dict[str, Any]]]:
    out = []
    for f in sorted(captures_dir.glob("*/*.json")):
        data = json.loads(f.read_text(encoding="utf-8"))
        if isinstance(data, dict) and "request" in data and "status" in data:
            out.append((f"{f.parent.name}/{f.stem}", data))
    return out


# --------------------------------------------------------------------------------------
# Public API
# --------------------------------------------------------------------------------------


def build_collection(routes: dict[str, Any], captures_dir: Path) -> dict[str, Any]:
    """Return the Postman Collection v2.1 document for ``routes`` and ``captures_dir``.

    ``routes`` is the parsed namespace index (``routes.json``), either the whole
    document or just its ``routes`` mapping.
    """
    table: dict[str, Any] = routes.get("routes", routes)
    keys = [k for k in table if k != NAMESPACE and k.startswith(NAMESPACE + "/")]
    all_routes = [k[len(NAMESPACE) :] for k in keys]
    by_category: dict[str, list[dict[str, Any]]] = {c: [] for c, _ in CATEGORIES}
    by_route: dict[str, dict[str, Any]] = {}
    for key in keys:
        category, item = _build_request(key, table[key], all_routes)
        if category not in by_category:
            raise ValueError(f"route {key} has unknown category {category}")
        by_category[category].append(item)
        by_route[key] = item
    index = _index_item()

    match_keys = [NAMESPACE, *keys] if NAMESPACE in table else keys
    for name, cap in _load_captures(captures_dir):
        matched = _match_route(cap["request"]["path"], match_keys)
        target = by_route.get(matched, index) if matched else index
        target["response"].append(_example(name, cap))
    for item in [*by_route.values(), index]:
        item["response"].sort(key=lambda r: r["name"])

    folders = [
        {
            "name": title,
            "description": f"Routes under /{slug.replace('api_keys', 'rest-api')} "
            f"(SDK namespace `{slug}`).",
            "item": by_category[slug],
        }
        for slug, title in CATEGORIES
    ]
    folders.append(
        {
            "name": "Index",
            "description": "The namespace index, and answers for paths that match no route.",
            "item": [index],
        }
    )
    return {
        "info": {
            "_postman_id": "5b0f3d3e-6d1b-4d5e-9a59-6d61696e7770",
            "name": "MainWP Dashboard REST API v2",
            "description": (
                "Every route of the MainWP Dashboard 6.1.2 REST API v2 (namespace mainwp/v2), "
                "built by mainwp-async's codegen from the dashboard's own route index, with "
                "real answers of a live dashboard saved as examples. Item variables x-mainwp-* "
                "hold the machine-readable facts; parameter descriptions start with a "
                "[type, required, default=..., enum=[...]] tag."
            ),
            "schema": "https://schema.getpostman.com/json/collection/v2.1.0/collection.json",
        },
        "item": folders,
        "auth": {
            "type": "bearer",
            "bearer": [{"key": "token", "value": "{{api_key}}", "type": "string"}],
        },
        "variable": [
            {"key": "base_url", "value": "https://dash.example", "type": "string"},
            {"key": "api_key", "value": "", "type": "string"},
        ],
    }


def dump_collection(collection: dict[str, Any]) -> str:
    """Serialise a collection the way it is committed (stable, indented, final newline)."""
    return json.dumps(collection, indent=1, ensure_ascii=False) + "\n"


def main(argv: Sequence[str] | None = None) -> int:
    """CLI: ``python -m codegen collection --routes R --captures C --out O``."""
    parser = argparse.ArgumentParser(prog="codegen collection", description=__doc__.split("\n")[0])
    parser.add_argument("--routes", type=Path, default=Path("postman/source/routes.json"))
    parser.add_argument("--captures", type=Path, default=Path("postman/source/captures"))
    parser.add_argument(
        "--out", type=Path, default=Path("postman/mainwp-v2.postman_collection.json")
    )
    args = parser.parse_args(list(argv) if argv is not None else None)
    routes = json.loads(args.routes.read_text(encoding="utf-8"))
    text = dump_collection(build_collection(routes, args.captures))
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(text, encoding="utf-8")
    from codegen import v1  # the legacy namespace: its own collection file, same tool

    v1.main()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())

"""Keep the dashboards' sources out of reach of the public Voilà server: the contents API lists, never reads.

In directory mode Voilà exposes ``/voila/api/contents/<path>`` for its JupyterLab-style tree page. Voilà
0.5.13 already blanks a file's ``content``, but it still answers 200 for a notebook with its metadata, and
nothing stops a later version or another setting from sending more. Here that route answers only for
directories, with names, paths and types of the entries the tree may list (notebooks and folders, no hidden
ones, sizes and hashes left out); any file, notebook included, is a 404 whatever the query
(``?content=1``, ``format=text``...). The notebooks reach the public only rendered, sources stripped
(``strip_sources``), and the other files only through ``/voila/files/`` and its allow list.

Voilà builds its routes in code; the one configurable class whose routes it registers ahead of its own
``/voila/tree``, ``/voila/render``, ``/voila/files`` and ``/voila/api/contents`` is the identity provider
(``IdentityProvider.get_handlers()``, meant for login and OAuth callbacks). ``voila.json`` therefore sets
``Voila.identity_provider_class`` to ``DashboardsIdentityProvider``: authentication is unchanged (it is
Voilà's default password/token provider), it only adds the guarded route, which tornado matches first.
"""

from __future__ import annotations

from jupyter_core.utils import ensure_async
from jupyter_server.auth.identity import PasswordIdentityProvider
from jupyter_server.base.handlers import path_regex
from jupyter_server.utils import url_path_join
from tornado import web
from voila.tornado.contentshandler import VoilaContentsHandler

# What a listing entry keeps: the shape of a JupyterLab contents model, without size, hash or content.
LISTING_FIELDS = ("name", "path", "type", "created", "last_modified")


def _entry(model: dict) -> dict:
    entry = {key: model.get(key) for key in LISTING_FIELDS}
    entry.update(content=None, format=None, mimetype=None, writable=False)
    return entry


class ListingOnlyContentsHandler(VoilaContentsHandler):
    """``GET /voila/api/contents/<dir>``: the directory's listable entries; any file or notebook: 404."""

    @web.authenticated
    async def get(self, path=""):
        path = (path or "").strip("/")
        cm = self.contents_manager
        # _get_os_path (inside dir_exists) refuses paths outside the root with a 404.
        hidden = not cm.allow_hidden and path and await ensure_async(cm.is_hidden(path))
        if hidden or not await ensure_async(cm.dir_exists(path)):
            raise web.HTTPError(404, "not a listable directory")
        model = await ensure_async(cm.get(path=path, type="directory", content=True))

        def listable(item: dict) -> bool:
            if item["type"] in ("directory", "notebook"):
                return True
            return any(item["name"].endswith(ext) for ext in self.allowed_extensions)

        listing = _entry(model)
        listing["format"] = "json"
        listing["content"] = [
            _entry(item) for item in sorted(model["content"], key=lambda i: i["name"]) if listable(item)
        ]
        self._finish_model(listing, location=False)


class DashboardsIdentityProvider(PasswordIdentityProvider):
    """Voilà's default identity provider, plus the listing-only contents route (see the module docstring),
    and the ``_xsrf`` cookie on every dashboard page.

    A dashboard page hands its kernel back on ``beforeunload`` with a POST that carries the ``_xsrf`` cookie;
    Voilà sets that cookie only on pages drawn from its own templates (index, errors), so a visitor who
    arrives by a link straight to a dashboard had none: the POST was refused (403) and the kernel stayed
    until culled, 10 minutes later. The identity provider sees every request before Voilà writes anything.
    """

    async def get_user(self, handler):
        user = await ensure_async(super().get_user(handler))
        request = handler.request
        if request.method == "GET" and "/voila/render/" in request.path:
            handler.current_user = user  # what jupyter_server does next; tornado's xsrf_token reads it
            _ = handler.xsrf_token  # tornado sets the cookie when the request has none
        return user

    def get_handlers(self) -> list[tuple[str, object]]:
        handlers = super().get_handlers()
        app = self.parent
        server_url = getattr(app, "server_url", None) or getattr(app, "base_url", None) or "/"
        configuration = getattr(app, "voila_configuration", None)
        if configuration is None or getattr(app, "notebook_path", ""):
            return handlers  # single-notebook mode: Voilà has no contents route to guard
        route = url_path_join(server_url, "/voila/api/contents" + path_regex)
        return [(route, ListingOnlyContentsHandler, {"voila_configuration": configuration}), *handlers]

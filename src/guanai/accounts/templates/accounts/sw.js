{% load static %}// Guanai's service worker: the pages marked for use offline and the static files, nothing else.
/* global importScripts, workbox */
importScripts("{% static 'vendor/workbox-core/workbox-core.prod.js' %}");
importScripts("{% static 'vendor/workbox-routing/workbox-routing.prod.js' %}");
importScripts("{% static 'vendor/workbox-strategies/workbox-strategies.prod.js' %}");
importScripts("{% static 'vendor/workbox-expiration/workbox-expiration.prod.js' %}");

const { Router, Route } = workbox.routing;
const { NetworkFirst, StaleWhileRevalidate } = workbox.strategies;
const { ExpirationPlugin } = workbox.expiration;
// The pages a page asks to have fetched at once (CACHE_URLS), not only when visited.
const OFFLINE_PATHS = {{ offline_paths|safe }};
const FALLBACK_HTML = {{ fallback_html|safe }};

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// A page is kept only when it says it may be used offline (it then holds no person's data:
// its script draws that from the browser's database), and only as the user saw it.
const offlinePages = {
  cacheWillUpdate: async ({ response }) =>
    response && response.status === 200 && !response.redirected
      && response.headers.get("X-Guanai-Offline") === "1" ? response : null,
};

const sameOrigin = (url) => url.origin === self.location.origin;
const router = new Router();

router.registerRoute(new Route(
  ({ request, url }) => sameOrigin(url)
    && (request.mode === "navigate" || OFFLINE_PATHS.includes(url.pathname)),
  new NetworkFirst({
    cacheName: "guanai-pages",
    networkTimeoutSeconds: 5,
    // The copy of a page is the user's own: the cookie it was fetched with does not vary.
    matchOptions: { ignoreVary: true },
    plugins: [offlinePages, new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 14 * 24 * 3600 })],
  }),
));

router.registerRoute(new Route(
  ({ url }) => sameOrigin(url) && url.pathname.startsWith("{{ static_url }}"),
  new StaleWhileRevalidate({
    cacheName: "guanai-static",
    plugins: [new ExpirationPlugin({ maxEntries: 300 })],
  }),
));

router.setCatchHandler(async ({ request }) => {
  if (request.mode !== "navigate") return Response.error();
  return new Response(FALLBACK_HTML, { headers: { "Content-Type": "text/html; charset=utf-8" } });
});

router.addFetchListener();
router.addCacheListener();

{% load static %}// Guanai's service worker: copies of the pages marked for use offline, and static files.
/* global importScripts, workbox */
importScripts("{% static 'vendor/workbox-core/workbox-core.prod.js' %}");
importScripts("{% static 'vendor/workbox-routing/workbox-routing.prod.js' %}");
importScripts("{% static 'vendor/workbox-strategies/workbox-strategies.prod.js' %}");
importScripts("{% static 'vendor/workbox-expiration/workbox-expiration.prod.js' %}");

const { registerRoute, setCatchHandler } = workbox.routing;
const { NetworkFirst, StaleWhileRevalidate } = workbox.strategies;
const { ExpirationPlugin } = workbox.expiration;
const PAGES = "guanai-pages";

self.addEventListener("install", () => self.skipWaiting());
self.addEventListener("activate", (event) => event.waitUntil(self.clients.claim()));

// A page is kept only when it says it may be used offline, and only as the user saw it.
const offlinePages = {
  cacheWillUpdate: async ({ response }) =>
    response && response.status === 200 && !response.redirected
      && response.headers.get("X-Guanai-Offline") === "1" ? response : null,
};

registerRoute(
  ({ request }) => request.mode === "navigate",
  new NetworkFirst({
    cacheName: PAGES,
    networkTimeoutSeconds: 5,
    plugins: [offlinePages, new ExpirationPlugin({ maxEntries: 200, maxAgeSeconds: 14 * 24 * 3600 })],
  }),
);

registerRoute(
  ({ url }) => url.origin === self.location.origin && url.pathname.startsWith("{{ static_url }}"),
  new StaleWhileRevalidate({
    cacheName: "guanai-static",
    plugins: [new ExpirationPlugin({ maxEntries: 300 })],
  }),
);

setCatchHandler(async ({ request }) => {
  if (request.mode !== "navigate") return Response.error();
  return new Response(
    "<!DOCTYPE html><meta charset=utf-8><meta name=viewport content='width=device-width'>"
      + "<title>{{ offline_title }}</title><p style='font:16px sans-serif;padding:1em'>{{ offline_text }}</p>",
    { headers: { "Content-Type": "text/html; charset=utf-8" } },
  );
});

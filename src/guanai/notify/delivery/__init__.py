"""The messages sent outside the app: digests, urgent ones, the delivery log and retries."""

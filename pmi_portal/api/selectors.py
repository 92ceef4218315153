"""Reading API tokens."""

import hmac

from pmi_portal.api.models import ApiToken, hash_key, prefix_of


def api_token_for_key(key: str) -> ApiToken | None:
    """The token a key belongs to, whatever its state, or None.

    Not scoped by office: this is how a request proves who its user is in the first place.
    """
    prefix = prefix_of(key)
    if prefix is None:
        return None
    token = ApiToken.objects.select_related("user__office").filter(prefix=prefix).first()
    if token is None or not hmac.compare_digest(token.key_hash, hash_key(key)):
        return None
    return token

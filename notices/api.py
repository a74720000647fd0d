from ninja import Router

from accounts.auth import token_auth

router = Router(tags=["notices"], auth=token_auth)

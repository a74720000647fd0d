from ninja import Router

from accounts.auth import token_auth

router = Router(tags=["documents"], auth=token_auth)

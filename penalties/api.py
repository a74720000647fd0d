from ninja import Router

from accounts.auth import token_auth

router = Router(tags=["penalties"], auth=token_auth)

from ninja import Router

from accounts.auth import token_auth

router = Router(tags=["inspections"], auth=token_auth)

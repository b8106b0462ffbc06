from oauth2_provider.oauth2_validators import OAuth2Validator


class ProConnectLikeValidator(OAuth2Validator):
    """Claims as ProConnect names them: given_name, usual_name, email (one scope each)."""

    oidc_claim_scope = {
        **OAuth2Validator.oidc_claim_scope,
        "given_name": "given_name",
        "usual_name": "usual_name",
        "email": "email",
        "email_verified": "email",
    }

    def get_additional_claims(self, request):
        user = request.user
        return {
            "email": user.email,
            "email_verified": True,
            "given_name": user.first_name,
            "usual_name": user.last_name,
        }

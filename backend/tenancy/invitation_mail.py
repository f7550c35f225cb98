"""The invitation e-mail: the only place the invitation token is ever written.

The token goes to the invited address and nowhere else (not to the inviter, not to the
logs), so accepting proves control of that address. The link puts it in the URL
fragment, which browsers never send to a server or put in a Referer.
"""

from __future__ import annotations

from email.message import EmailMessage
from urllib.parse import quote
from zoneinfo import ZoneInfo

from backend.users.models import Invitation

_SAO_PAULO = ZoneInfo("America/Sao_Paulo")
ROLE_NAMES_PT = {
    "admin": "administrador(a)",
    "manager": "gestor(a)",
    "operator": "operador(a)",
    "auditor": "auditor(a)",
}


def invitation_link(base_url: str, token: str) -> str:
    """Where the invited person sets their password (the web app's acceptance page)."""
    return f"{base_url.rstrip('/')}/convite#token={quote(token, safe='')}"


def compose_invitation(
    invitation: Invitation, organization_name: str, token: str, base_url: str
) -> EmailMessage:
    """The message to send to ``invitation.email`` (Portuguese first, English below)."""
    link = invitation_link(base_url, token)
    role = ROLE_NAMES_PT.get(invitation.role, invitation.role)
    expires = invitation.expires_at.astimezone(_SAO_PAULO).strftime("%d/%m/%Y %H:%M")
    message = EmailMessage()
    message["To"] = invitation.email
    message["Subject"] = f"Convite para {organization_name} no Conciliacontag"
    message.set_content(
        f"Olá, {invitation.name}.\n\n"
        f"Você foi convidado(a) para participar de {organization_name} no Conciliacontag "
        f"como {role}.\n\n"
        f"Para aceitar, abra o link abaixo até {expires}:\n{link}\n\n"
        "Se você já tem uma conta, entre com a sua senha de sempre; se não, escolha uma.\n"
        "Se não esperava este convite, ignore esta mensagem.\n\n"
        "Código do convite (para integrações): "
        f"{token}\n\n"
        "--\n"
        f"You have been invited to join {organization_name} on Conciliacontag as "
        f"{invitation.role}. Open the link above to accept (it expires {expires}).\n"
    )
    return message

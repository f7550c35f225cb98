"""Outgoing e-mail: a ``Mailer`` that writes files (development, tests) or speaks SMTP."""

from backend.mail.mailer import FileMailer, Mailer, SmtpMailer, build_mailer

__all__ = ["FileMailer", "Mailer", "SmtpMailer", "build_mailer"]

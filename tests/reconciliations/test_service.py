"""The reconciliation service on stored rows: a tenant rule decides a match that the
engine alone would only suggest, and the decision and its audit entry name the rule."""

from __future__ import annotations

import dataclasses
import json
import random
import uuid
from datetime import date, timedelta
from decimal import Decimal

import asyncpg

from backend.db.session import Database
from backend.documents import service as documents
from backend.fiscal.testing.generators import nfe_xml, random_nfe
from backend.ingest import parse_fiscal
from backend.reconciliations import service
from backend.rules import service as rules
from backend.statements import parse_statement
from backend.statements.testing.generators import GenEntry, GenStatement, make_ofx
from backend.tenancy.service import company_ids_by_tax_id
from backend.transactions import service as transactions

from ..conftest import FileFactory

OWN_CNPJ = "11222333000181"


async def test_tenant_rule_turns_a_suggestion_into_a_match(
    database: Database, org: uuid.UUID, make_file: FileFactory, superuser: asyncpg.Connection
) -> None:
    invoice = dataclasses.replace(random_nfe(random.Random(3), number=77), emitter_cnpj=OWN_CNPJ)
    invoice = dataclasses.replace(invoice, installments=(("001", "2026-10-13", invoice.total),))
    # The customer pays 1.5 % less than invoiced (a withheld tax the tenant knows about).
    paid = (invoice.total * Decimal("0.985")).quantize(Decimal("0.01"))
    ofx = make_ofx(
        [
            GenStatement(
                entries=[
                    GenEntry(
                        posted_on=date(2026, 10, 13) + timedelta(days=1),
                        amount=paid,
                        memo=f"PIX RECEBIDO DESTINATARIO TESTE SA {invoice.receiver_cnpj}",
                        fitid="R1",
                    )
                ]
            )
        ]
    )
    (result,) = parse_fiscal(nfe_xml(invoice))
    xml_file, ofx_file = await make_file("nota.xml"), await make_file("extrato.ofx")
    async with database.tenant_session(org) as session:
        await documents.persist_fiscal(
            session,
            organization_id=org,
            documents=[(xml_file, result.records[0])],  # type: ignore[list-item]
            events=[],
            own_tax_ids=await company_ids_by_tax_id(session),
        )
        await transactions.persist_statement(
            session, organization_id=org, file_id=ofx_file, result=parse_statement(ofx)
        )
    async with database.tenant_session(org) as session:
        without_rule = await service.run(session, org, rules=await rules.active_rule_set(session))
    assert (without_rule.matched, without_rule.suggested) == (0, 1)

    rule_id = uuid.uuid4()
    await superuser.execute(
        "insert into rules (id, organization_id, name, description, version, priority,"
        " is_active, definition) values ($1, $2, 'cliente retém 1,5 %', '', 1, 20, true, $3)",
        rule_id,
        org,
        json.dumps(
            {
                "when": [
                    {"type": "counterparty", "tax_ids": [invoice.receiver_cnpj]},
                    {"type": "amount_tolerance", "pct": "2"},
                ],
                "then": {"type": "auto_match", "tolerance": {"pct": "2"}},
            }
        ),
    )
    async with database.tenant_session(org) as session:
        with_rule = await service.run(session, org, rules=await rules.active_rule_set(session))
    assert (with_rule.matched, with_rule.suggested) == (1, 0)
    decision = await superuser.fetchrow(
        "select decided_by, rule_id from reconciliations where status = 'matched'"
    )
    assert (decision["decided_by"], decision["rule_id"]) == ("rule", rule_id)
    audit = await superuser.fetchrow(
        "select actor_type, actor_id from audit_logs where action = 'reconciliation.matched'"
    )
    assert (audit["actor_type"], audit["actor_id"]) == ("rule", rule_id)
    assert await superuser.fetchval("select status from transactions") == "reconciled"

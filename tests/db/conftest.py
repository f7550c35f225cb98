"""Fixtures that put one row in every table for two tenants (as superuser, bypassing RLS)."""

from __future__ import annotations

import uuid
from dataclasses import dataclass

import asyncpg
import pytest


@dataclass(frozen=True)
class TenantRows:
    """The ids of one tenant's rows, by table."""

    organization_id: uuid.UUID
    user_id: uuid.UUID
    ids: dict[str, uuid.UUID]


async def insert_tenant(conn: asyncpg.Connection, label: str) -> TenantRows:
    """Create an organization with a user and one row in each tenant table."""
    org = uuid.uuid4()
    user = uuid.uuid4()
    ids: dict[str, uuid.UUID] = {}

    async def add(table: str, sql: str, *args: object) -> uuid.UUID:
        row_id = uuid.uuid4()
        await conn.execute(sql, row_id, *args)
        ids[table] = row_id
        return row_id

    await conn.execute(
        "insert into organizations (id, name, slug, is_active) values ($1, $2, $3, true)",
        org,
        f"Org {label}",
        f"org-{label}-{org.hex[:6]}",
    )
    await conn.execute(
        "insert into users (id, email, name, password_hash, is_active) values ($1,$2,$3,'x',true)",
        user,
        f"{label}-{user.hex[:6]}@example.com",
        f"User {label}",
    )
    await add(
        "memberships",
        "insert into memberships (id, organization_id, user_id, role, is_active)"
        " values ($1,$2,$3,'admin',true)",
        org,
        user,
    )
    company = await add(
        "companies",
        "insert into companies (id, organization_id, cnpj, legal_name) values ($1,$2,$3,$4)",
        org,
        "11222333000181",
        f"Company {label}",
    )
    account = await add(
        "bank_accounts",
        "insert into bank_accounts (id, organization_id, company_id, kind, name, bank_code,"
        " branch, account_number, account_key, currency, is_active)"
        " values ($1,$2,$3,'bank','Conta','001','1234','56789','bank:1:1234:56789','BRL',true)",
        org,
        company,
    )
    file_id = await add(
        "files",
        "insert into files (id, organization_id, sha256, original_name, size_bytes, storage_key,"
        " status, members_count, documents_count, transactions_count, errors_count)"
        " values ($1,$2,$3,'nfe.xml',10,'k','uploaded',0,0,0,0)",
        org,
        "a" * 64,
    )
    document = await add(
        "documents",
        "insert into documents (id, organization_id, file_id, kind, access_key, natural_key,"
        " status, direction, total_amount, confidence, payload, warnings)"
        " values ($1,$2,$3,'nfe',$4,$4,'authorized','receivable',100.00,1,'{}','[]')",
        org,
        file_id,
        "3" * 44,
    )
    installment = await add(
        "document_installments",
        "insert into document_installments (id, organization_id, document_id, number, amount,"
        " open_amount, status) values ($1,$2,$3,'001',100.00,100.00,'open')",
        org,
        document,
    )
    await add(
        "transactions",
        "insert into transactions (id, organization_id, bank_account_id, fingerprint, source,"
        " entry_kind, posted_date, amount, open_amount, currency, description, type,"
        " external_refs, status) values ($1,$2,$3,'fp','ofx','bank',current_date,100.00,100.00,"
        "'BRL','PIX','pix','{}','open')",
        org,
        account,
    )
    rule = await add(
        "rules",
        "insert into rules (id, organization_id, name, description, version, priority,"
        " is_active, definition) values ($1,$2,'r','',1,100,true,'{}')",
        org,
    )
    reconciliation = await add(
        "reconciliations",
        "insert into reconciliations (id, organization_id, status, score, reasons,"
        " difference_amount, decided_by, rule_id)"
        " values ($1,$2,'matched',0.99,'[]',0,'system',$3)",
        org,
        rule,
    )
    await add(
        "reconciliation_items",
        "insert into reconciliation_items (id, organization_id, reconciliation_id, side,"
        " installment_id, amount) values ($1,$2,$3,'document',$4,100.00)",
        org,
        reconciliation,
        installment,
    )
    await add(
        "audit_logs",
        "insert into audit_logs (id, organization_id, actor_type, action, entity_type)"
        " values ($1,$2,'system','test.created','organization')",
        org,
    )
    await add(
        "api_clients",
        "insert into api_clients (id, organization_id, name, client_id, secret_hash, scopes)"
        " values ($1,$2,'erp',$3,'x','{}')",
        org,
        f"client-{org.hex}",
    )
    await add(
        "refresh_tokens",
        "insert into refresh_tokens (id, organization_id, user_id, family_id, token_hash,"
        " expires_at) values ($1,$2,$3,$4,$5, now() + interval '1 day')",
        org,
        user,
        uuid.uuid4(),
        uuid.uuid4().hex + uuid.uuid4().hex,
    )
    await add(
        "search_entries",
        "insert into search_entries (id, organization_id, entity_type, entity_id, title, content,"
        " keywords, match_text) values ($1,$2,'document',$3,'NF-e 1','',$4,$4)",
        org,
        document,
        "3" * 44,
    )
    await add(
        "document_events",
        "insert into document_events (id, organization_id, file_id, kind, access_key, event_type,"
        " cancels, sequence, payload) values ($1,$2,$3,'nfe_event',$4,'110111',true,1,'{}')",
        org,
        file_id,
        "3" * 44,
    )
    await add(
        "collection_titles",
        "insert into collection_titles (id, organization_id, bank_account_id, fingerprint,"
        " nosso_numero, occurrence_code, liquidated, amount, amount_paid, interest_fine,"
        " discount, rebate, bank_fee, payload)"
        " values ($1,$2,$3,'fp','123','06',true,10,10,0,0,0,0,'{}')",
        org,
        account,
    )
    await add(
        "rule_versions",
        "insert into rule_versions (id, organization_id, rule_id, version, change, name,"
        " description, priority, is_active, definition)"
        " values ($1,$2,$3,1,'created','r','',100,true,'{}')",
        org,
        rule,
    )
    await add(
        "invitations",
        "insert into invitations (id, organization_id, user_id, email, name, role, token_hash,"
        " expires_at) values ($1,$2,$3,'p@example.com','P','operator',$4,"
        " now() + interval '1 day')",
        org,
        user,
        uuid.uuid4().hex + uuid.uuid4().hex,
    )
    await add(
        "exports",
        "insert into exports (id, organization_id, kind, format, filters, status)"
        " values ($1,$2,'documents','csv','{}','pending')",
        org,
    )
    await add(
        "support_grants",
        "insert into support_grants (id, organization_id, staff_user_id, staff_email, staff_name,"
        " reason, expires_at) values ($1,$2,$3,'staff@example.com','Staff','ticket 1',"
        " now() + interval '1 hour')",
        org,
        user,
    )
    endpoint = await add(
        "webhook_endpoints",
        "insert into webhook_endpoints (id, organization_id, url, secret, events, is_active)"
        " values ($1,$2,'https://example.com/hook','s','{file.processed}',true)",
        org,
    )
    await add(
        "webhook_deliveries",
        "insert into webhook_deliveries (id, organization_id, endpoint_id, event_id, event_type,"
        " payload, status, attempts) values ($1,$2,$3,$4,'file.processed','{}','pending',0)",
        org,
        endpoint,
        uuid.uuid4(),
    )
    await add(
        "idempotency_keys",
        "insert into idempotency_keys (id, organization_id, key, request_hash)"
        " values ($1,$2,'key-1','hash')",
        org,
    )
    return TenantRows(organization_id=org, user_id=user, ids=ids)


@pytest.fixture
async def two_tenants(superuser: asyncpg.Connection) -> tuple[TenantRows, TenantRows]:
    """Tenants A and B, each with one row in every tenant table."""
    return await insert_tenant(superuser, "a"), await insert_tenant(superuser, "b")

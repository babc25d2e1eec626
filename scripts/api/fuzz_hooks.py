"""schemathesis hooks for npm run fuzz (scripts/api/fuzz.ts loads this file through SCHEMATHESIS_HOOKS)."""

import atexit
import json
import os
import re
import sys
import uuid
from collections import Counter

import schemathesis

# The Idempotency-Key the document declares: 1 to KIPPU_IDEMPOTENCY_KEY_LENGTH_MAX visible ASCII characters.
VALID_KEY = re.compile(r"^[\x21-\x7e]{1,%d}$" % int(os.environ["KIPPU_IDEMPOTENCY_KEY_LENGTH_MAX"]))


@schemathesis.hook
def before_call(ctx, case, **kwargs):
    """A fresh Idempotency-Key for every positive request that carries a valid one.

    A key names one request: the same key with another request is 422 IDEMPOTENCY_KEY_REUSED,
    as documented. schemathesis draws keys from a small space (its coverage phase sends the
    same boundary values to every operation), so without this it reuses keys across requests
    and reports the documented refusal as a rejected valid request. Negative cases are left
    as generated: any refusal is what they expect, and editing them would turn them into
    positive cases (schemathesis revalidates an edited case).
    """
    meta = getattr(case, "meta", None)
    if meta is not None and meta.generation.mode.is_negative:
        return
    headers = case.headers or {}
    for name, value in list(headers.items()):
        if name.lower() == "idempotency-key" and isinstance(value, str) and VALID_KEY.match(value):
            headers[name] = f"fuzz-{uuid.uuid4()}"


# Refusals of schema-valid requests that no JSON Schema can rule out, each documented where
# the operation's document says so (the problem codes of its 422 or the parameter's
# description). Only these are accepted; any other 422 of a schema-valid request still fails.
REFUSALS_BY_CODE = {
    # `to` is bounded by `from` (listings, availability): one parameter cannot bound another.
    "RANGE_TOO_LARGE",
    # Two fields of one body must differ / ids must be unique inside a batch.
    "SAME_DEBIT_AND_CREDIT_ACCOUNT",
    "LINKED_BATCH_DUPLICATE_ID",
    "DEVICE_PAIR_SAME_DEVICE",
    # Decided by what is stored: the accounts' currency, the original of a reversal, a show's
    # password.
    "CURRENCY_MISMATCH",
    "REVERSAL_DOES_NOT_MATCH_ORIGINAL",
    "REVERSAL_AMOUNT_EXCEEDS_ORIGINAL",
    "WRONG_PASSWORD",
    # The purposes and longest period of a content, and an offer's window (usage rights).
    "PURPOSE_NOT_ALLOWED",
    "PERIOD_TOO_LONG",
    # Decided by the clock and the deployment's slot grid: a show starts on a slot boundary,
    # after the reconfirm lead and within the booking horizon.
    "MISALIGNED_START",
    "INSIDE_RECONFIRM_LEAD",
    "BEYOND_BOOKING_HORIZON",
    # A password or secret show needs a password (a rule between two fields).
    "PASSWORD_REQUIRED",
    # Decided by what a billing run stored: a remittance report names only the customers and
    # currencies the period's bills asked that carrier to collect, and its carrier must have
    # been asked for some.
    "NO_COLLECTIONS_BILLED",
    "REMITTANCE_NOT_BILLED",
}

# 422 VALIDATION_FAILED naming only these fields of these operations: every constraint of the
# field alone is in the schema, so the refusal comes from a rule between fields or from the
# clock (the operation's description and docs/ledger.md state them).
REFUSED_FIELDS = {
    # An account limits its debits or its credits, not both; a limit needs a flag; an account
    # with a flag keeps one balance shard.
    "accountCreate": {"flags", "limitMinor", "balanceShards"},
    # A reversal (`reversesTransferId`) moves money back at once: not a hold (`timeoutSeconds`),
    # on a single transfer or on any leg of a linked batch (at most 16 legs).
    "transferCreate": {"timeoutSeconds", *(f"transfers.{index}.timeoutSeconds" for index in range(16))},
    # The window must end after now. A ticket takes one-time passwords or a fixed password,
    # not both (`otp` and `fixedPassword` both true names fixedPassword).
    "ticketCreate": {"notBefore", "fixedPassword"},
    # An offer names a resource unless it names a content (whose id it then defaults to), and
    # names purposes only for a content; an offer of a content names only the content's
    # capabilities (decided by the stored content); not `otp` and `fixedPassword` together.
    "offerCreate": {"resource", "purposes", "capabilities", "fixedPassword"},
    # A redeem takes uses or seconds only when its ticket counts them (the ticket's max / sec),
    # a device proof only when its ticket is bound to a device, and a one-time password only
    # when its ticket asks for one. One redeem reserves at most the deployment's reservation
    # length (KIPPU_USAGE_RESERVATION_SECONDS), a setting the document states in words only.
    "ticketRedeem": {"uses", "seconds", "proof", "password"},
    # A purchase names a purpose and a period only for an offer of a content, and a device
    # exactly when the offer is device-bound (the stored offer decides; the fields say so).
    "purchaseCreate": {"purpose", "periodSeconds", "deviceId"},
    # A device key must be a point on the P-256 curve. (The password policy is in the field's
    # pattern, so a schema-valid password is never refused: not accepted here.)
    "registrationCreate": {"device.publicJwk"},
    "deviceCreate": {"publicJwk"},
    # A search combines at most OFFER_SEARCH_KEYWORDS_MAX distinct keywords (counted after
    # normalisation: a pattern cannot count distinct words).
    "offerList": {"q"},
    # `to` must be after `from` (listings, availability): one parameter cannot bound another.
    "listingsGet": {"to"},
    "channelAvailabilityGet": {"to"},
    # An operator names the customer whose list to read (a rule between the token and the field).
    "purchaseList": {"customerId"},
    "reservationList": {"customerId"},
    "statementList": {"partyId"},
    # A revocation page starts at most at the provider's latest version (decided by what is stored).
    "providerRevocationsGet": {"since"},
    # The usage log is read per content or per customer: exactly one of the two (one query
    # parameter cannot require or exclude another).
    "contentUsageList": {"contentId", "customerId"},
}

# A remittance report is CSV text (text/csv): its rows (a customer id, a currency, whole minor
# units, each customer once per currency) are checked by the import and refused as 422
# VALIDATION_FAILED naming `line N.column`; a string schema cannot state them.
CSV_FIELDS_OF = {"billingRemittanceImport"}


@schemathesis.deserializer("text/csv")
def _csv(ctx, response):
    """A statement's CSV (GET /v1/statements/{id}?format=csv) is text: checked as the string the document declares."""
    return response.content.decode("utf-8")


def _problem(response):
    try:
        return json.loads(response.content)
    except (ValueError, TypeError):
        return None


# What was accepted, by operation and code, printed when schemathesis exits.
ACCEPTED = Counter()


def _accepted(operation_id, code, fields=()):
    ACCEPTED[(operation_id, code, ",".join(sorted(fields)))] += 1
    return False


@schemathesis.hook
def filter_failure(ctx, failure, case, response):
    """Keep every failure except a schema-valid request refused for a reason listed above."""
    if failure.code != "ST202":
        return True
    problem = _problem(response)
    if not isinstance(problem, dict):
        return True
    operation_id = case.operation.definition.raw.get("operationId")
    if problem.get("code") in REFUSALS_BY_CODE:
        return _accepted(operation_id, problem.get("code"))
    fields = {issue.get("field") for issue in problem.get("errors") or [] if isinstance(issue, dict)}
    if problem.get("code") == "VALIDATION_FAILED" and fields and fields <= REFUSED_FIELDS.get(operation_id, set()):
        return _accepted(operation_id, "VALIDATION_FAILED", fields)
    if problem.get("code") == "VALIDATION_FAILED" and operation_id in CSV_FIELDS_OF and fields:
        if all(isinstance(field, str) and field.startswith("line ") for field in fields):
            return _accepted(operation_id, "VALIDATION_FAILED", {"line N"})
    return True


@atexit.register
def _report():
    for (operation_id, code, fields), count in sorted(ACCEPTED.items()):
        named = f" ({fields})" if fields else ""
        print(f"[fuzz_hooks] accepted {count}x {code}{named} from {operation_id}", file=sys.stderr)

"""Demo data: a Dutch municipality with two years of contacts, cases and callback requests.

``klantbeeld demo`` fills an empty database once: six departments with teams, a dozen staff
accounts with random passwords, case types, about two hundred inhabitants and twenty businesses
(Faker ``nl_NL`` from a fixed seed, so everyone sees the same people), and about two thousand
contacts over all channels with the cases and callbacks they led to. Everything is written
through the services, so the demo shows exactly what real use would store.
"""

import random
from contextlib import contextmanager

from flask import current_app
from sqlalchemy import event, select
from sqlalchemy.orm import Session

from crm.demo.case_history import number_cases_by_year
from crm.demo.clock import REGISTERED_BEFORE_DAYS, DemoClock
from crm.demo.history import History
from crm.demo.organisation import create_organisation, read_accounts, write_accounts
from crm.demo.population import create_population
from crm.extensions import db
from crm.models import Department, Party, StaffUser, utcnow

# One seed for the people and the history: the same demo on every machine.
SEED = 20_240_611


def seed_demo_data() -> bool:
    """Fill an empty database with the demo; return False (and do nothing) if it holds data.

    "Data" is any department, staff account or party: the channel list that the migration
    adds does not count. So running ``klantbeeld demo`` twice never duplicates anything.
    """
    if _holds_data():
        return False
    with _one_transaction() as session:
        rng = random.Random(SEED)
        clock = DemoClock(rng, utcnow(), current_app.config["TASK_NORM_WORKING_HOURS"])
        event.listen(session, "before_flush", clock.backdate)
        clock.current = clock.ago(days=REGISTERED_BEFORE_DAYS)
        cast = create_organisation()
        population = create_population(rng, SEED, clock)
        History(rng, clock, cast, population).write()
        number_cases_by_year()
    # Only now that the accounts exist: a failed seed leaves no passwords behind.
    write_accounts(current_app.instance_path, cast.accounts)
    return True


def demo_accounts(instance_path: str) -> list[tuple[str, str, str]]:
    """The demo accounts as (username, password, role label), read from the instance folder."""
    return read_accounts(instance_path)


@contextmanager
def _one_transaction():
    """Run the seed in one database transaction; the services' own commits become savepoints.

    The seed calls the services about three thousand times and each commits. Joined to one
    outer transaction the seed is all or nothing (a failed seed leaves the database empty,
    so the next run starts afresh) and fast: a commit no longer reaches the disk, nor expires
    every loaded object. A plain SQLAlchemy session is used because Flask-SQLAlchemy's always
    picks the engine, never a given connection.
    """
    db.session.remove()
    with db.engine.connect() as connection:
        outer = connection.begin()
        session = Session(bind=connection, join_transaction_mode="create_savepoint", expire_on_commit=False)
        db.session.registry.set(session)
        try:
            yield session
            session.commit()
            outer.commit()
        finally:
            session.close()
            db.session.registry.clear()


def _holds_data() -> bool:
    return any(
        db.session.scalar(select(model.id).limit(1)) is not None
        for model in (Department, StaffUser, Party)
    )

"""Parties (partijen) and how to reach and recognise them."""

from datetime import date, datetime
from enum import StrEnum
from uuid import UUID, uuid4

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy import Uuid
from sqlalchemy.orm import Mapped, mapped_column, relationship

from crm.extensions import db
from crm.models.types import UTCDateTime, utcnow


class PartyKind(StrEnum):
    PERSON = "person"
    ORGANISATION = "organisation"
    CONTACT_PERSON = "contact_person"


class IdentifierKind(StrEnum):
    BSN = "bsn"
    KVK = "kvk"
    BRANCH = "vestigingsnummer"
    RSIN = "rsin"


class DigitalAddressKind(StrEnum):
    EMAIL = "email"
    PHONE = "phone"


class Party(db.Model):
    """A person, an organisation or a contact person of an organisation.

    One table for all three kinds: they share identifiers, addresses and the timeline, and
    the few kind-specific columns are nullable.
    """

    __tablename__ = "party"
    __table_args__ = (
        Index("ix_party_surname_key_birth_date", "surname_key", "birth_date"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The public id in the Klantinteracties API.
    uuid: Mapped[UUID] = mapped_column(Uuid, unique=True, default=uuid4)
    kind: Mapped[str] = mapped_column(String(20), default=PartyKind.PERSON.value)
    # Person: voornamen, voorvoegsel (tussenvoegsel) and geslachtsnaam.
    given_names: Mapped[str | None] = mapped_column(String(200))
    surname_prefix: Mapped[str | None] = mapped_column(String(20))
    surname: Mapped[str | None] = mapped_column(String(200))
    birth_date: Mapped[date | None] = mapped_column(Date)
    # Organisation: statutaire naam.
    organisation_name: Mapped[str | None] = mapped_column(String(300))
    # Contact person: the organisation they speak for.
    organisation_id: Mapped[int | None] = mapped_column(ForeignKey("party.id"), index=True)
    # Lower-cased, accent-free surname (or organisation name) for the search box's name look-up.
    surname_key: Mapped[str] = mapped_column(String(300), default="")
    preferred_channel_id: Mapped[int | None] = mapped_column(ForeignKey("channel.id"))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    identifiers: Mapped[list["Identifier"]] = relationship(
        back_populates="party", cascade="all, delete-orphan", order_by="Identifier.id"
    )
    digital_addresses: Mapped[list["DigitalAddress"]] = relationship(
        back_populates="party", cascade="all, delete-orphan", order_by="DigitalAddress.id"
    )
    addresses: Mapped[list["Address"]] = relationship(
        back_populates="party", cascade="all, delete-orphan", order_by="Address.id"
    )
    organisation: Mapped["Party | None"] = relationship(remote_side=[id])
    preferred_channel = relationship("Channel")

    @property
    def display_name(self) -> str:
        if self.kind == PartyKind.ORGANISATION:
            return self.organisation_name or ""
        surname = " ".join(part for part in (self.surname_prefix, self.surname) if part)
        return " ".join(part for part in (self.given_names, surname) if part)

    def identifier(self, kind: IdentifierKind) -> str | None:
        return next((i.value for i in self.identifiers if i.kind == kind), None)

    @property
    def bsn(self) -> str | None:
        return self.identifier(IdentifierKind.BSN)

    def preferred_address(self, kind: DigitalAddressKind) -> "DigitalAddress | None":
        candidates = [a for a in self.digital_addresses if a.kind == kind]
        return next((a for a in candidates if a.preferred), candidates[0] if candidates else None)

    def __repr__(self) -> str:
        return f"<Party {self.id} {self.display_name!r}>"


class Identifier(db.Model):
    """A partij-identificator: BSN, KvK number, vestigingsnummer or RSIN.

    (kind, value) is unique: one person per BSN, one organisation per KvK number. A
    vestigingsnummer hangs under the KvK number of its organisation.
    """

    __tablename__ = "identifier"
    __table_args__ = (UniqueConstraint("kind", "value"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    # The public id in the Klantinteracties API.
    uuid: Mapped[UUID] = mapped_column(Uuid, unique=True, default=uuid4)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(20))
    value: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("identifier.id"))

    party: Mapped[Party] = relationship(back_populates="identifiers")
    parent: Mapped["Identifier | None"] = relationship(remote_side=[id])


class DigitalAddress(db.Model):
    """An e-mail address or phone number, stored normalised (E.164, lower-cased domain)."""

    __tablename__ = "digital_address"
    __table_args__ = (
        Index("ix_digital_address_kind_value", "kind", "value"),
        UniqueConstraint("party_id", "kind", "value"),
        # At most one preferred address per kind per party.
        Index(
            "uq_digital_address_preferred",
            "party_id",
            "kind",
            unique=True,
            sqlite_where=text("preferred"),
            postgresql_where=text("preferred"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    # The public id in the Klantinteracties API.
    uuid: Mapped[UUID] = mapped_column(Uuid, unique=True, default=uuid4)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    value: Mapped[str] = mapped_column(String(254))
    preferred: Mapped[bool] = mapped_column(Boolean, default=False)
    verified_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    label: Mapped[str | None] = mapped_column(String(60))

    party: Mapped[Party] = relationship(back_populates="digital_addresses")


class Address(db.Model):
    """A Dutch address: postcode (``1234 AB``), huisnummer, toevoeging, straat, woonplaats."""

    __tablename__ = "address"
    __table_args__ = (Index("ix_address_postcode_house_number", "postcode", "house_number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    party_id: Mapped[int] = mapped_column(ForeignKey("party.id", ondelete="CASCADE"), index=True)
    street: Mapped[str] = mapped_column(String(200), default="")
    house_number: Mapped[int] = mapped_column()
    house_number_suffix: Mapped[str | None] = mapped_column(String(10))
    postcode: Mapped[str] = mapped_column(String(7))
    city: Mapped[str] = mapped_column(String(100), default="")
    country: Mapped[str] = mapped_column(String(2), default="NL")
    kind: Mapped[str] = mapped_column(String(20), default="residence")

    party: Mapped[Party] = relationship(back_populates="addresses")

    @property
    def one_line(self) -> str:
        number = f"{self.house_number}{self.house_number_suffix or ''}"
        return f"{self.street} {number}, {self.postcode} {self.city}".strip()

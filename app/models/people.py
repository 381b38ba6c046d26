"""Enterprises (teams) and people: team members, sparring partners and coaches."""
import secrets
from datetime import datetime

from sqlalchemy import JSON, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from app.extensions import db
from app.models.keys import KEY_LENGTH_FACTOR, keeps_key

ROLES = ["member", "partner", "coach"]
# "withdrawn": the person (or the team's contact person) cancelled on their personal page.
STATUSES = ["pending", "accepted", "rejected", "withdrawn"]
# What takes part: withdrawn members stay on the team's record but no longer count.
ACTIVE = ("pending", "accepted")
PARTNER_KINDS = ["creative", "living_lab"]


def new_personal_token() -> str:
    return secrets.token_urlsafe(24)


person_sessions = db.Table(
    "person_sessions",
    db.Column("person_id", db.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    db.Column("session_id", db.ForeignKey("event_sessions.id", ondelete="CASCADE"),
              primary_key=True),
)

# Every team has one coach (H8); a table of its own keeps enterprises and people free of a cycle.
team_coaches = db.Table(
    "team_coaches",
    db.Column("enterprise_id", db.ForeignKey("enterprises.id", ondelete="CASCADE"),
              primary_key=True),
    db.Column("coach_id", db.ForeignKey("people.id", ondelete="CASCADE"), index=True),
)

# A team wishes to meet a partner.
team_wishes = db.Table(
    "team_wishes",
    db.Column("enterprise_id", db.ForeignKey("enterprises.id", ondelete="CASCADE"),
              primary_key=True),
    db.Column("partner_id", db.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
)

# A partner wishes to meet a team.
partner_wishes = db.Table(
    "partner_wishes",
    db.Column("partner_id", db.ForeignKey("people.id", ondelete="CASCADE"), primary_key=True),
    db.Column("enterprise_id", db.ForeignKey("enterprises.id", ondelete="CASCADE"),
              primary_key=True),
)


class Enterprise(db.Model):
    """A social enterprise taking part as one team."""

    __tablename__ = "enterprises"
    __table_args__ = (UniqueConstraint("event_id", "name_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"), index=True)
    name: Mapped[str] = mapped_column(db.String(200))  # the project / team name
    name_key: Mapped[str] = mapped_column(db.String(200 * KEY_LENGTH_FACTOR))  # text_key(name)
    organisation: Mapped[str] = mapped_column(db.String(200))
    country: Mapped[str] = mapped_column(db.String(2))  # ISO 3166-1 alpha-2
    challenge: Mapped[str] = mapped_column(db.String(300), default="")
    description: Mapped[str] = mapped_column(db.Text, default="")
    languages: Mapped[list] = mapped_column(JSON, default=list)
    needs: Mapped[dict] = mapped_column(JSON, default=dict)  # stage -> [skill tag]
    status: Mapped[str] = mapped_column(db.String(20), default="pending")
    stage: Mapped[str | None] = mapped_column(db.String(50))  # current design-thinking stage
    stage_since: Mapped[datetime | None]  # when it moved there (UTC), for "time in stage"
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)

    members = relationship("Person", back_populates="enterprise",
                           foreign_keys="Person.enterprise_id", order_by="Person.id")
    _keep_name_key = keeps_key("name", "name_key")
    coach = relationship("Person", secondary="team_coaches", uselist=False,
                         back_populates="coached_teams")
    wished_partners = relationship("Person", secondary=team_wishes, order_by="Person.name")

    @property
    def key(self) -> str:
        return f"t{self.id}"

    @property
    def size(self) -> int:
        """Team size follows the members who still take part."""
        return len(self.active_members)

    @property
    def active_members(self) -> list["Person"]:
        return [m for m in self.members if m.status != "withdrawn"]

    @property
    def contact_person(self) -> "Person | None":
        """The first member who still takes part: they manage the team on their personal page."""
        active = self.active_members
        return active[0] if active else None

    def __repr__(self) -> str:
        return f"<Enterprise {self.name}>"


class Person(db.Model):
    """Anyone who takes part. `role` says which of the three kinds."""

    __tablename__ = "people"
    # One address per event, across members, partners and coaches, compared by its key.
    __table_args__ = (UniqueConstraint("event_id", "email_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"), index=True)
    role: Mapped[str] = mapped_column(db.String(20))
    name: Mapped[str] = mapped_column(db.String(200))
    email: Mapped[str] = mapped_column(db.String(254))
    email_key: Mapped[str] = mapped_column(db.String(254 * KEY_LENGTH_FACTOR))  # text_key(email)
    organisation: Mapped[str] = mapped_column(db.String(200), default="")
    skills: Mapped[list] = mapped_column(JSON, default=list)
    languages: Mapped[list] = mapped_column(JSON, default=list)
    status: Mapped[str] = mapped_column(db.String(20), default="pending")
    token: Mapped[str] = mapped_column(db.String(64), unique=True, default=new_personal_token)
    # The language of their emails: the page's language when they registered (en or de).
    locale: Mapped[str] = mapped_column(db.String(8), default="en")
    # members
    enterprise_id: Mapped[int | None] = mapped_column(
        db.ForeignKey("enterprises.id", ondelete="CASCADE"), index=True)
    # partners
    partner_kind: Mapped[str | None] = mapped_column(db.String(20))
    max_sessions: Mapped[int | None]
    # coaches
    max_teams: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)

    enterprise = relationship("Enterprise", back_populates="members", foreign_keys=[enterprise_id])
    coached_teams = relationship("Enterprise", secondary="team_coaches", back_populates="coach",
                                 order_by="Enterprise.name")
    available_sessions = relationship("EventSession", secondary=person_sessions,
                                      order_by="EventSession.starts_at")
    wished_teams = relationship("Enterprise", secondary=partner_wishes, order_by="Enterprise.name")
    _keep_email_key = keeps_key("email", "email_key")

    @property
    def key(self) -> str:
        """The id in scheduler instances: p12 for partners, c3 for coaches, m7 for members."""
        return {"partner": "p", "coach": "c"}.get(self.role, "m") + str(self.id)

    def __repr__(self) -> str:
        return f"<Person {self.role} {self.name}>"


class Conflict(db.Model):
    """A conflict of interest: this team and this partner must not meet."""

    __tablename__ = "conflicts"
    __table_args__ = (UniqueConstraint("enterprise_id", "partner_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    event_id: Mapped[int] = mapped_column(db.ForeignKey("events.id"), index=True)
    enterprise_id: Mapped[int] = mapped_column(db.ForeignKey("enterprises.id", ondelete="CASCADE"))
    partner_id: Mapped[int] = mapped_column(db.ForeignKey("people.id", ondelete="CASCADE"))
    reason: Mapped[str] = mapped_column(db.String(300), default="")

    enterprise = relationship("Enterprise")
    partner = relationship("Person")

"""Main navigation and start-page entries, by role.

Apps register their entries in a `navigation` module (autodiscovered at start-up); an entry
is shown to users who hold one of its capabilities or roles, or to everyone logged in when
it names none. An app may also offer the site's front page (`register_front_page`): the public
action guide does; without one, the site root is the staff start page.
"""

from dataclasses import dataclass, field

from django.urls import NoReverseMatch, reverse


@dataclass(frozen=True)
class NavEntry:
    label: str
    url_name: str
    description: str = ""
    capabilities: frozenset[str] = field(default_factory=frozenset)
    roles: frozenset[str] = field(default_factory=frozenset)
    order: int = 100

    def shown_to(self, user) -> bool:
        if not (self.capabilities or self.roles):
            return True
        return any(user.has_capability(c) for c in self.capabilities) or any(user.has_role(r) for r in self.roles)

    @property
    def url(self) -> str:
        return reverse(self.url_name)


_entries: list[NavEntry] = []


def register(label, url_name: str, *, description="", capabilities=(), roles=(), order: int = 100) -> None:
    _entries.append(NavEntry(label, url_name, description, frozenset(capabilities), frozenset(roles), order))


def entries_for(user) -> list[NavEntry]:
    if not user.is_authenticated:
        return []
    shown = []
    for entry in sorted(_entries, key=lambda e: (e.order, str(e.label))):
        try:
            entry.url  # noqa: B018 - skip entries whose page is not installed
        except NoReverseMatch:
            continue
        if entry.shown_to(user):
            shown.append(entry)
    return shown


_front_pages: list[str] = []


def register_front_page(url_name: str) -> None:
    """Offer the page at `url_name` as the site root for everyone (the first one registered wins)."""
    if url_name not in _front_pages:
        _front_pages.append(url_name)


def front_page_url() -> str | None:
    """The registered front page's address, or None when no installed page offers itself."""
    for url_name in _front_pages:
        try:
            return reverse(url_name)
        except NoReverseMatch:
            continue
    return None


_start_sections: list = []


def adds_start_section(provider) -> None:
    """Register `provider(user) -> (template name, context dict) | None`: a section a higher app
    shows on the staff start page for this user (the plan's revision deadline for the coordinator,
    the question to acknowledge the plan for an employee). Idempotent."""
    if provider not in _start_sections:
        _start_sections.append(provider)


def start_sections(user) -> list[tuple[str, dict]]:
    """The sections the registered providers show this user on the start page, in order."""
    return [section for provider in _start_sections if (section := provider(user))]

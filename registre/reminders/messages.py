"""The text of a person's daily digest (plain French, one link per item)."""
from datetime import date

from registre.links import site_url
from registre.reminders.services import SECTIONS, Digest


def digest_message(digest: Digest, today: date) -> tuple[str, str]:
    """Return the subject and body of one digest."""
    user = digest.user
    count = len(digest.items)
    lines = [f"Bonjour {user.name or user.email},", "",
             f"Voici les échéances de votre périmètre ({user.scope_label}) au "
             f"{today:%d/%m/%Y} :"]
    for kind, title in SECTIONS.items():
        items = [item for item in digest.items if item.kind == kind]
        if not items:
            continue
        lines += ["", title]
        for item in items:
            lines += [f"- {item.text}", f"  {site_url(item.endpoint, **item.values)}"]
    lines += ["", "Vous recevez ce message une fois par jour au plus, tant que des échéances "
              "approchent. Pour ne plus le recevoir : "
              f"{site_url('profile.index')}"]
    subject = (f"Registre RGPD : {count} échéance{'s' if count > 1 else ''} à suivre "
               f"({today:%d/%m/%Y})")
    return subject, "\n".join(lines) + "\n"

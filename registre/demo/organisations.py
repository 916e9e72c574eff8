"""The demo académies, their organisations and the demo accounts.

Names, people and addresses of schools are fictitious; phone numbers are in the ranges
ARCEP reserves for fiction (01 99 00…, 04 65 71…). UAIs are computed with a valid letter.
"""
from registre.organisations.uai import check_letter


def uai(digits: str) -> str:
    """A valid UAI from 7 digits."""
    return digits + check_letter(digits)


ACADEMIES = {
    "versailles": {
        "name": "Versailles",
        "site": "https://www.ac-versailles.test",
        "dpd_name": "Claire Lefèvre",
        "dpd_email": "dpd@ac-versailles.test",
        "dpd_phone": "01 99 00 10 00",
        "dpd_address": "Délégué à la protection des données, Rectorat de l'académie de "
                       "Versailles, 3 boulevard de Lesseps, 78000 Versailles",
        "rights_contact": "Délégué à la protection des données de l'académie de Versailles : "
                          "dpd@ac-versailles.test, Rectorat, 3 boulevard de Lesseps, "
                          "78000 Versailles",
    },
    "lyon": {
        "name": "Lyon",
        "site": "https://www.ac-lyon.test",
        "dpd_name": "Julien Morel",
        "dpd_email": "dpd@ac-lyon.test",
        "dpd_phone": "04 65 71 10 00",
        "dpd_address": "Délégué à la protection des données, Rectorat de l'académie de Lyon, "
                       "92 rue de Marseille, 69007 Lyon",
        "rights_contact": "Délégué à la protection des données de l'académie de Lyon : "
                          "dpd@ac-lyon.test, Rectorat, 92 rue de Marseille, 69007 Lyon",
    },
}

# key -> organisation fields; ``academie`` is a code of ACADEMIES.
ORGANISATIONS = {
    "ecole_versailles": {
        "academie": "versailles", "uai": uai("0781701"), "kind": "ecole",
        "name": "École élémentaire Les Tilleuls", "address": "12 rue des Écoles",
        "postal_code": "78000", "commune": "Versailles",
        "controller_title": "IA-DASEN des Yvelines, par délégation du recteur",
        "controller_name": "Directeur académique des services de l'éducation nationale "
                           "des Yvelines",
        "controller_email": "dasen78@ac-versailles.test", "controller_phone": "01 99 00 20 00",
        # The controller is the IA-DASEN: his service's address, not the school's.
        "controller_address": "DSDEN des Yvelines, 19 avenue du Centre, 78280 Guyancourt",
    },
    "college_versailles": {
        "academie": "versailles", "uai": uai("0921702"), "kind": "college",
        "name": "Collège Jean Moulin", "address": "4 avenue de la République",
        "postal_code": "92320", "commune": "Châtillon",
        "controller_title": "Chef d'établissement (principale)",
        "controller_name": "Sophie Garnier",
        "controller_email": "ce.college-jean-moulin@ac-versailles.test",
        "controller_phone": "01 99 00 30 00",
    },
    "lycee_versailles": {
        "academie": "versailles", "uai": uai("0951703"), "kind": "lycee",
        "name": "Lycée Camille Claudel", "address": "20 boulevard de l'Oise",
        "postal_code": "95000", "commune": "Cergy",
        "controller_title": "Chef d'établissement (proviseur)", "controller_name": "Marc Petit",
        "controller_email": "ce.lycee-camille-claudel@ac-versailles.test",
        "controller_phone": "01 99 00 40 00",
    },
    "rectorat_versailles": {
        "academie": "versailles", "uai": uai("0781704"), "kind": "rectorat",
        "name": "Rectorat de l'académie de Versailles", "address": "3 boulevard de Lesseps",
        "postal_code": "78000", "commune": "Versailles",
        "controller_title": "Recteur d'académie",
        "controller_name": "Recteur de l'académie de Versailles",
        "controller_email": "recteur@ac-versailles.test", "controller_phone": "01 99 00 50 00",
    },
    "ecole_lyon": {
        "academie": "lyon", "uai": uai("0691705"), "kind": "ecole",
        "name": "École primaire Les Marronniers", "address": "8 rue des Canuts",
        "postal_code": "69004", "commune": "Lyon",
        "controller_title": "IA-DASEN du Rhône, par délégation du recteur",
        "controller_name": "Directeur académique des services de l'éducation nationale "
                           "du Rhône",
        "controller_email": "dasen69@ac-lyon.test", "controller_phone": "04 65 71 20 00",
        "controller_address": "DSDEN du Rhône, 21 rue Jaboulay, 69007 Lyon",
    },
    "college_lyon": {
        "academie": "lyon", "uai": uai("0691706"), "kind": "college",
        "name": "Collège Louise Labé", "address": "15 rue de la Soie",
        "postal_code": "69100", "commune": "Villeurbanne",
        "controller_title": "Chef d'établissement (principal)",
        "controller_name": "Karim Benali",
        "controller_email": "ce.college-louise-labe@ac-lyon.test",
        "controller_phone": "04 65 71 30 00",
    },
    "lycee_lyon": {
        "academie": "lyon", "uai": uai("0691707"), "kind": "lycee",
        "name": "Lycée Simone Veil", "address": "30 avenue des Sciences",
        "postal_code": "69200", "commune": "Vénissieux",
        "controller_title": "Chef d'établissement (proviseure)",
        "controller_name": "Hélène Roux",
        "controller_email": "ce.lycee-simone-veil@ac-lyon.test",
        "controller_phone": "04 65 71 40 00",
    },
    "rectorat_lyon": {
        "academie": "lyon", "uai": uai("0691708"), "kind": "rectorat",
        "name": "Rectorat de l'académie de Lyon", "address": "92 rue de Marseille",
        "postal_code": "69007", "commune": "Lyon",
        "controller_title": "Recteur d'académie",
        "controller_name": "Recteur de l'académie de Lyon",
        "controller_email": "recteur@ac-lyon.test", "controller_phone": "04 65 71 50 00",
    },
}

# email, role, name, académie code (académie scope) or organisation key (organisation scope).
USERS = [
    ("admin@registre.test", "admin", "Administratrice de la plateforme", None, None),
    ("dpd@ac-versailles.test", "dpd", "Claire Lefèvre", "versailles", None),
    ("dpd@ac-lyon.test", "dpd", "Julien Morel", "lyon", None),
    ("responsable.college@ac-versailles.test", "responsable", "Sophie Garnier", None,
     "college_versailles"),
    ("redacteur.college@ac-versailles.test", "redacteur", "Thomas Bernard", None,
     "college_versailles"),
    ("auditeur@ac-versailles.test", "auditeur", "Inspection académique (audit)", "versailles",
     None),
    ("auditeur.lycee@ac-lyon.test", "auditeur", "Audit interne du lycée", None, "lycee_lyon"),
]


def scope_text(academie_code: str | None, organisation_key: str | None) -> str:
    """The French description of an account's scope, as the CLI prints it."""
    if organisation_key:
        spec = ORGANISATIONS[organisation_key]
        return f"{spec['name']} ({spec['uai']})"
    if academie_code:
        return f"académie de {ACADEMIES[academie_code]['name']}"
    return "toute la plateforme"

#!/usr/bin/env python3
"""Turn the open-sdg/sdg-translations YAML files into the project's own `sdgs.json`.

Run once by a developer when the source changes (`python3 shared/data/convert_sdgs.py SRC_DIR`);
the JSON it writes is committed and is what the API serves. It needs PyYAML.

The source's known defects are corrected here, each against the UN's official lists:
- French short titles of goals 7 and 8 are not the official wording;
- Spanish short titles use title case where the UN writes sentence case, and goal 16 reads
  "fuertes" where the UN's Spanish name is "instituciones sólidas";
- the French text of goal 4 contains a run of spaces;
- keys come as `N-short` / `N-title` / `N-M-title`, which are reshaped into goals with nested targets.
"""
import json
import re
import sys
from pathlib import Path

import yaml

LANGS = ("en", "fr", "es")

# The official short names, where the source differs from them.
SHORT_FIXES = {
    "fr": {
        7: "Énergie propre et d'un coût abordable",
        8: "Travail décent et croissance économique",
        2: "Faim « zéro »",
    },
    "es": {
        1: "Fin de la pobreza",
        2: "Hambre cero",
        3: "Salud y bienestar",
        4: "Educación de calidad",
        5: "Igualdad de género",
        6: "Agua limpia y saneamiento",
        7: "Energía asequible y no contaminante",
        9: "Industria, innovación e infraestructura",
        10: "Reducción de las desigualdades",
        12: "Producción y consumo responsables",
        13: "Acción por el clima",
        14: "Vida submarina",
        15: "Vida de ecosistemas terrestres",
        16: "Paz, justicia e instituciones sólidas",
        17: "Alianzas para lograr los objetivos",
    },
}

# The official SDG colours published by the UN's communications guidelines.
COLOURS = [
    "#E5243B", "#DDA63A", "#4C9F38", "#C5192D", "#FF3A21", "#26BDE2", "#FCC30B", "#A21942", "#FD6925",
    "#DD1367", "#FD9D24", "#BF8B2E", "#3F7E44", "#0A97D9", "#56C02B", "#00689D", "#19486A",
]


def clean(text: str) -> str:
    text = re.sub(r"\s+", " ", text).strip()
    return text.replace("Cuidades", "Ciudades")


def target_sort_key(code: str):
    goal, target = code.split(".")
    return (int(goal), (0, int(target)) if target.isdigit() else (1, target))


def main(src: Path, out: Path) -> None:
    goals = {n: {"number": n, "colour": COLOURS[n - 1], "short": {}, "title": {}, "targets": {}} for n in range(1, 18)}
    for lang in LANGS:
        for key, text in yaml.safe_load((src / f"{lang}-global_goals.yml").read_text()).items():
            number, field = key.split("-")
            goals[int(number)][field][lang] = clean(text)
        for number, text in SHORT_FIXES.get(lang, {}).items():
            goals[number]["short"][lang] = text
        for key, text in yaml.safe_load((src / f"{lang}-global_targets.yml").read_text()).items():
            match = re.fullmatch(r"(\d+)-([0-9a-z]+)-title", key)
            if not match:
                raise SystemExit(f"unexpected key {key!r} in {lang}-global_targets.yml")
            code = f"{match[1]}.{match[2]}"
            goals[int(match[1])]["targets"].setdefault(code, {"code": code, "title": {}})["title"][lang] = clean(text)
    document = {
        "source": "open-sdg/sdg-translations, commit 0cda585851a5c6f04040a9a2755fbb4496c4eead (2025-08-19), "
        "translations/{en,fr,es}/global_goals.yml and global_targets.yml, corrected against the UN's official lists",
        "licence": "MIT (Copyright (c) 2019 Open SDG); the goals' and targets' texts are the United Nations'",
        "goals": [
            {**goal, "targets": [goal["targets"][c] for c in sorted(goal["targets"], key=target_sort_key)]}
            for goal in goals.values()
        ],
    }
    out.write_text(json.dumps(document, ensure_ascii=False, indent=1) + "\n")


if __name__ == "__main__":
    main(Path(sys.argv[1]), Path(__file__).with_name("sdgs.json"))

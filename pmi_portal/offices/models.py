"""Regions of Indonesia (Kemendagri codes), destination countries, and the agency's offices.

Each regency (kabupaten/kota) lies in the working area (wilayah kerja) of exactly one regional
office; a record's region is stored once on the record and its office derives from here.
"""

import unicodedata

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import get_language
from django.utils.translation import gettext_lazy as _


class Province(models.Model):
    code = models.CharField(_("code"), max_length=2, primary_key=True)
    name = models.CharField(_("name"), max_length=100)

    class Meta:
        ordering = ["code"]
        verbose_name = _("province")
        verbose_name_plural = _("provinces")

    def __str__(self) -> str:
        return self.name


class Regency(models.Model):
    """A kabupaten or kota; its 4-digit code is the first four digits of a NIK."""

    class Kind(models.TextChoices):
        KABUPATEN = "kabupaten", _("regency (kabupaten)")
        KOTA = "kota", _("city (kota)")

    code = models.CharField(_("code"), max_length=4, primary_key=True)
    province = models.ForeignKey(
        Province, on_delete=models.PROTECT, related_name="regencies", verbose_name=_("province")
    )
    name = models.CharField(_("name"), max_length=100)
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    office = models.ForeignKey(
        "Office",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="regencies",
        verbose_name=_("responsible office"),
        help_text=_("The regional office whose working area includes this regency."),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("regency or city")
        verbose_name_plural = _("regencies and cities")

    def __str__(self) -> str:
        return self.name


class FormerRegencyCode(models.Model):
    """A regency code no longer in use that NIKs issued before it changed still carry.

    The codes Papua and Papua Barat gave before their 2022 split; `regency` is the same place now.
    """

    code = models.CharField(_("former code"), max_length=4, primary_key=True)
    regency = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        related_name="former_codes",
        verbose_name=_("regency or city today"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("former regency code")
        verbose_name_plural = _("former regency codes")

    def __str__(self) -> str:
        return f"{self.code} → {self.regency_id}"


def sort_key(text: str) -> str:
    """A name as a reader of Indonesian or English sorts it: accents and case ignored
    ("Åland" among the A's, not after "Zimbabwe" as its code point would put it)."""
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c)).casefold()


class Country(models.Model):
    """ISO 3166-1 country, named in Indonesian and English."""

    code = models.CharField(_("code"), max_length=2, primary_key=True)
    code3 = models.CharField(_("three-letter code"), max_length=3, unique=True)
    name_id = models.CharField(_("name in Indonesian"), max_length=100)
    name_en = models.CharField(_("name in English"), max_length=100)

    class Meta:
        ordering = ["name_id"]
        verbose_name = _("country")
        verbose_name_plural = _("countries")

    def __str__(self) -> str:
        return self.name_en if get_language() == "en" else self.name_id


class Office(models.Model):
    class Kind(models.TextChoices):
        HEADQUARTERS = "headquarters", _("headquarters")
        REGIONAL = "regional", _("regional office (UPT/BP3MI)")
        SERVICE_POST = "service_post", _("service post")
        RETURN_POST = "return_post", _("return post")

    class TimeZone(models.TextChoices):
        WIB = "Asia/Jakarta", _("WIB (Western Indonesia Time)")
        WITA = "Asia/Makassar", _("WITA (Central Indonesia Time)")
        WIT = "Asia/Jayapura", _("WIT (Eastern Indonesia Time)")

    POSTS = (Kind.SERVICE_POST, Kind.RETURN_POST)

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name = models.CharField(_("name"), max_length=150, unique=True)
    kind = models.CharField(_("kind"), max_length=20, choices=Kind.choices)
    parent = models.ForeignKey(
        "self",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="children",
        verbose_name=_("parent office"),
    )
    timezone = models.CharField(_("time zone"), max_length=20, choices=TimeZone.choices)
    email = models.EmailField(_("contact e-mail"))
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    city = models.ForeignKey(
        Regency,
        on_delete=models.PROTECT,
        related_name="+",
        verbose_name=_("located in"),
    )

    class Meta:
        ordering = ["code"]
        verbose_name = _("office")
        verbose_name_plural = _("offices")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(kind="headquarters", parent__isnull=True)
                | (~models.Q(kind="headquarters") & models.Q(parent__isnull=False)),
                name="office_parent_matches_kind",
                violation_error_message=_(
                    "Headquarters has no parent office; every other office has one."
                ),
            ),
        ]

    def __str__(self) -> str:
        return self.name

    def clean(self) -> None:
        parent_kind = self.parent.kind if self.parent_id else None
        if self.kind == self.Kind.REGIONAL and parent_kind != self.Kind.HEADQUARTERS:
            raise ValidationError(
                {"parent": _("A regional office reports to headquarters.")}, code="parent"
            )
        if self.kind in self.POSTS and parent_kind != self.Kind.REGIONAL:
            raise ValidationError(
                {"parent": _("A post belongs to a regional office.")}, code="parent"
            )
        if self.kind == self.Kind.HEADQUARTERS and self.parent_id:
            raise ValidationError(
                {"parent": _("Headquarters has no parent office.")}, code="parent"
            )

    @property
    def is_headquarters(self) -> bool:
        return self.kind == self.Kind.HEADQUARTERS

    @property
    def is_post(self) -> bool:
        return self.kind in self.POSTS

    @property
    def area_office(self) -> "Office | None":
        """The regional office whose area this office serves (a post serves its parent's)."""
        if self.kind == self.Kind.REGIONAL:
            return self
        if self.is_post:
            return self.parent
        return None

from django import template

from pmi_portal.identity import masking

register = template.Library()

register.filter("mask_nik", masking.mask_nik)
register.filter("mask_passport", masking.mask_passport)
register.filter("mask_phone", masking.mask_phone)
register.filter("mask_address", masking.mask_address)

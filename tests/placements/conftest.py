from django.core.files.uploadedfile import SimpleUploadedFile

from tests.documents import samples

PDF = samples.pdf()
PNG = samples.png()


def pdf(name="dokumen.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF, content_type="application/pdf")

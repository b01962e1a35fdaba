"""The project and obligation registers and their monitoring, one module per concern."""

from projects.models.obligation import (
    Obligation,
    ObligationEdit,
    ObligationLog,
    ObligationSubmission,
    ProjectDocument,
)
from projects.models.progress import ProgressActual, ProgressReport, ProgressReportLog
from projects.models.project import (
    Area,
    BudgetLine,
    IndicatorActual,
    Project,
    ProjectEdit,
    ProjectParticipant,
    ProjectResult,
    ProjectSector,
    ResultIndicator,
)

__all__ = [
    "Area",
    "BudgetLine",
    "IndicatorActual",
    "Obligation",
    "ObligationEdit",
    "ObligationLog",
    "ObligationSubmission",
    "ProgressActual",
    "ProgressReport",
    "ProgressReportLog",
    "Project",
    "ProjectDocument",
    "ProjectEdit",
    "ProjectParticipant",
    "ProjectResult",
    "ProjectSector",
    "ResultIndicator",
]

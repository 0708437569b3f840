"""Serves the e2e JupyterLab app (build/) with Debian's jupyterlab_server.

Prebuilt extensions are found on the usual labextensions path (JUPYTER_PATH); user settings and
workspaces go to $PAPERLAB_E2E_STATE so every test run starts fresh.
"""
import os

from jupyterlab_server import LabServerApp

HERE = os.path.dirname(os.path.abspath(__file__))
BUILD = os.path.join(HERE, "build")
STATE = os.environ.get("PAPERLAB_E2E_STATE") or os.path.join(BUILD, "state")
os.environ["JUPYTER_NO_CONFIG"] = "1"


class PaperlabE2EApp(LabServerApp):
    name = __name__
    app_name = "JupyterLab (paperlab e2e)"
    extension_url = default_url = "/lab"
    load_other_extensions = False
    static_dir = BUILD
    templates_dir = os.path.join(HERE, "templates")
    app_settings_dir = os.path.join(HERE, "settings")
    schemas_dir = os.path.join(BUILD, "schemas")
    themes_dir = os.path.join(BUILD, "themes")
    user_settings_dir = os.path.join(STATE, "user-settings")
    workspaces_dir = os.path.join(STATE, "workspaces")


def _jupyter_server_extension_points():
    # jupyter_server 1.x looks the app up through this function in the launching module.
    return [{"module": __name__, "app": PaperlabE2EApp}]


if __name__ == "__main__":
    PaperlabE2EApp.launch_instance()

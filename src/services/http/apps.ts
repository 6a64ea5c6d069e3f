/**
 * What each persona answers to a request: its default page, its login page and how that login fails,
 * and its error pages everywhere else. Pure: a request and what was read from it in, a reply out.
 */
import type { RequestCredential } from './credentials.js';
import { errorPage, escapeHtml, type Page } from './error-pages.js';
import type { HttpPersona } from './personas.js';

export interface Reply {
  status: number;
  headers: (readonly [string, string])[];
  contentType: string;
  body: string;
  /** A file the server would serve from disk: gets Last-Modified and ETag. */
  isStatic: boolean;
}

export interface RouteInput {
  method: string;
  /** The path without its query. */
  path: string;
  credential: RequestCredential | null;
  /** `custom_body`, when the operator set one: replaces the index page. */
  customBody: string | null;
}

const HTML = 'text/html; charset=UTF-8';

function page(status: number, p: Page, isStatic = false, headers: (readonly [string, string])[] = []): Reply {
  return { status, headers, contentType: p.contentType, body: p.body, isStatic };
}

function error(
  persona: HttpPersona,
  status: number,
  input: RouteInput,
  headers: (readonly [string, string])[] = [],
): Reply {
  return page(status, errorPage(persona, status, input.path, input.method), false, headers);
}

const INDEX: Readonly<Record<'apache' | 'nginx' | 'iis' | 'tomcat', Page>> = {
  apache: {
    contentType: 'text/html',
    body:
      '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Transitional//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-transitional.dtd">\n' +
      '<html xmlns="http://www.w3.org/1999/xhtml">\n  <head>\n    <meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />\n' +
      '    <title>Apache2 Default Page: It works</title>\n  </head>\n  <body>\n    <div class="main_page">\n' +
      '      <div class="page_header floating_element">\n        <span class="floating_element">\n          Apache2 Default Page\n        </span>\n      </div>\n' +
      '      <div class="section_header">\n        <div id="about"></div>\n        It works!\n      </div>\n' +
      '      <p>This is the default welcome page used to test the correct operation of the Apache2 server after installation on Ubuntu systems.</p>\n' +
      '    </div>\n  </body>\n</html>\n',
  },
  nginx: {
    contentType: 'text/html',
    body:
      '<!DOCTYPE html>\n<html>\n<head>\n<title>Welcome to nginx!</title>\n<style>\nhtml { color-scheme: light dark; }\nbody { width: 35em; margin: 0 auto;\n' +
      'font-family: Tahoma, Verdana, Arial, sans-serif; }\n</style>\n</head>\n<body>\n<h1>Welcome to nginx!</h1>\n' +
      '<p>If you see this page, the nginx web server is successfully installed and\nworking. Further configuration is required.</p>\n\n' +
      '<p>For online documentation and support please refer to\n<a href="http://nginx.org/">nginx.org</a>.<br/>\n' +
      'Commercial support is available at\n<a href="http://nginx.com/">nginx.com</a>.</p>\n\n<p><em>Thank you for using nginx.</em></p>\n</body>\n</html>\n',
  },
  iis: {
    contentType: 'text/html',
    body:
      '<!DOCTYPE html PUBLIC "-//W3C//DTD XHTML 1.0 Strict//EN" "http://www.w3.org/TR/xhtml1/DTD/xhtml1-strict.dtd">\r\n' +
      '<html xmlns="http://www.w3.org/1999/xhtml">\r\n<head>\r\n<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1" />\r\n' +
      '<title>IIS Windows Server</title>\r\n</head>\r\n<body>\r\n<div id="container">\r\n' +
      '<a href="http://go.microsoft.com/fwlink/?linkid=66138&amp;clcid=0x409"><img src="iisstart.png" alt="IIS" width="960" height="600" /></a>\r\n' +
      '</div>\r\n</body>\r\n</html>',
  },
  tomcat: {
    contentType: 'text/html;charset=UTF-8',
    body:
      '<!DOCTYPE html>\n<html lang="en">\n    <head>\n        <meta charset="UTF-8" />\n        <title>Apache Tomcat/9.0.85</title>\n' +
      '        <link href="favicon.ico" rel="icon" type="image/x-icon" />\n        <link href="tomcat.css" rel="stylesheet" type="text/css" />\n    </head>\n\n' +
      '    <body>\n        <div id="wrapper">\n            <div id="navigation" class="curved container">\n                <span id="nav-home"><a href="https://tomcat.apache.org/">Home</a></span>\n' +
      '            </div>\n            <div id="asf-box">\n                <h1>Apache Tomcat/9.0.85</h1>\n            </div>\n' +
      "            <h2>If you're seeing this, you've successfully installed Tomcat. Congratulations!</h2>\n" +
      '            <div class="button"><a class="container shadow" href="/manager/html"><span>Manager App</span></a></div>\n        </div>\n    </body>\n\n</html>\n',
  },
};

function wpLogin(error: string | null): Page {
  return {
    contentType: HTML,
    body:
      '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta http-equiv="Content-Type" content="text/html; charset=UTF-8" />\n' +
      "<title>Log In &lsaquo; Blog &#8212; WordPress</title>\n<meta name='robots' content='noindex, follow' />\n" +
      "<link rel='stylesheet' id='login-css' href='/wp-admin/css/login.min.css?ver=6.5.3' media='all' />\n</head>\n" +
      '<body class="login no-js login-action-login wp-core-ui  locale-en-us">\n<div id="login">\n<h1><a href="https://wordpress.org/">Powered by WordPress</a></h1>\n' +
      (error === null ? '' : `<div id="login_error" class="notice notice-error">${error}</div>\n`) +
      '<form name="loginform" id="loginform" action="/wp-login.php" method="post">\n' +
      '<p><label for="user_login">Username or Email Address</label>\n<input type="text" name="log" id="user_login" class="input" value="" size="20" autocapitalize="off" autocomplete="username" required="required" /></p>\n' +
      '<div class="user-pass-wrap"><label for="user_pass">Password</label>\n<div class="wp-pwd"><input type="password" name="pwd" id="user_pass" class="input password-input" value="" size="20" autocomplete="current-password" spellcheck="false" required="required" /></div></div>\n' +
      '<p class="submit"><input type="submit" name="wp-submit" id="wp-submit" class="button button-primary button-large" value="Log In" />\n' +
      '<input type="hidden" name="redirect_to" value="/wp-admin/" />\n<input type="hidden" name="testcookie" value="1" /></p>\n</form>\n</div>\n</body>\n</html>\n',
  };
}

const WP_HOME: Page = {
  contentType: HTML,
  body:
    '<!DOCTYPE html>\n<html lang="en-US">\n<head>\n<meta charset="UTF-8" />\n<meta name="generator" content="WordPress 6.5.3" />\n<title>Blog</title>\n' +
    "<link rel='stylesheet' id='wp-block-library-css' href='/wp-includes/css/dist/block-library/style.min.css?ver=6.5.3' media='all' />\n" +
    '<link rel="https://api.w.org/" href="/wp-json/" />\n</head>\n<body class="home blog">\n<header class="wp-block-template-part"><h1 class="wp-block-site-title"><a href="/">Blog</a></h1></header>\n' +
    '<main><h2 class="wp-block-post-title"><a href="/?p=1">Hello world!</a></h2>\n<p>Welcome to WordPress. This is your first post. Edit or delete it, then start writing!</p></main>\n</body>\n</html>\n',
};

function pmaLogin(error: string | null): Page {
  return {
    contentType: 'text/html; charset=utf-8',
    body:
      '<!DOCTYPE HTML>\n<html lang="en" dir="ltr">\n<head>\n  <meta charset="utf-8">\n  <meta name="referrer" content="no-referrer">\n  <meta name="robots" content="noindex,nofollow">\n' +
      '  <title>phpMyAdmin</title>\n  <link rel="stylesheet" type="text/css" href="./themes/pmahomme/css/theme.css?v=5.2.1">\n</head>\n<body id="loginform">\n' +
      '<div class="container"><a href="./url.php?url=https%3A%2F%2Fwww.phpmyadmin.net%2F" target="_blank" rel="noopener noreferrer" class="logo"><img src="./themes/pmahomme/img/logo_right.png" id="imLogo" name="imLogo" alt="phpMyAdmin" border="0"></a>\n' +
      '<h1>Welcome to <bdo dir="ltr" lang="en">phpMyAdmin</bdo></h1>\n' +
      (error === null
        ? ''
        : `<div class="alert alert-danger" role="alert"><img src="themes/dot.gif" title="" alt="" class="icon ic_s_error"> ${error}</div>\n`) +
      '<form method="post" id="login_form" action="index.php?route=/" name="login_form" class="disableAjax hide js-show">\n' +
      '<fieldset class="pma-fieldset"><legend><input type="hidden" name="set_session" value="">Log in</legend>\n' +
      '<div class="item"><label for="input_username">Username:</label><input type="text" name="pma_username" id="input_username" value="" class="textfield" autocomplete="username" spellcheck="false" autofocus></div>\n' +
      '<div class="item"><label for="input_password">Password:</label><input type="password" name="pma_password" id="input_password" value="" class="textfield" autocomplete="current-password" spellcheck="false"></div>\n' +
      '</fieldset><fieldset class="pma-fieldset tblFooters"><input class="btn btn-primary" value="Log in" type="submit" id="input_go"><input type="hidden" name="server" value="1"></fieldset>\n</form>\n</div>\n</body>\n</html>\n',
  };
}

const GRAFANA_LOGIN: Page = {
  contentType: 'text/html; charset=UTF-8',
  body:
    '<!DOCTYPE html>\n<html lang="en-US">\n  <head>\n    <meta charset="utf-8" />\n    <meta name="viewport" content="width=device-width" />\n    <meta name="theme-color" content="#000" />\n' +
    '    <title>Grafana</title>\n    <base href="/" />\n    <link rel="icon" type="image/png" href="public/img/fav32.png" />\n  </head>\n  <body class="theme-dark app-grafana">\n' +
    '    <div id="reactRoot"></div>\n    <script nonce="">\n      window.grafanaBootData = { settings: {"appSubUrl":"","buildInfo":{"version":"10.4.2","commit":"701c851be7","env":"production","edition":"Open Source"},"loginHint":"email or username","passwordHint":"password"}, user: {"isSignedIn":false,"login":""} };\n' +
    '    </script>\n  </body>\n</html>\n',
};

const JENKINS_LOGIN: Page = {
  contentType: 'text/html;charset=utf-8',
  body:
    '<!DOCTYPE html><html lang="en-US"><head resURL="/static/b6f3c2a1" data-rooturl="" data-resurl="/static/b6f3c2a1" data-imagesurl="/static/b6f3c2a1/images">' +
    '<title>Sign in [Jenkins]</title><meta name="ROBOTS" content="NOFOLLOW"><meta name="viewport" content="width=device-width, initial-scale=1"></head>' +
    '<body><div class="simple-page" role="main"><div class="modal login"><div id="loginIntroDefault"><div class="logo"></div><h1>Welcome to Jenkins!</h1></div>' +
    '<form method="post" name="login" action="j_spring_security_check"><div class="jenkins-form-item jenkins-form-item--tight"><input autocorrect="off" autocomplete="off" name="j_username" id="j_username" placeholder="Username" type="text" class="jenkins-input normal" autocapitalize="off" aria-label="Username"></div>' +
    '<div class="jenkins-form-item jenkins-form-item--tight"><input name="j_password" placeholder="Password" type="password" class="jenkins-input normal" aria-label="Password"></div>' +
    '<div class="jenkins-checkbox"><input type="checkbox" id="remember_me" name="remember_me"><label for="remember_me">Keep me signed in</label></div><input name="from" type="hidden">' +
    '<div class="submit"><button type="submit" name="Submit" class="jenkins-button jenkins-button--primary">Sign in</button></div></form></div></div></body></html>',
};

const READS: ReadonlySet<string> = new Set(['GET', 'HEAD']);

function staticSite(persona: HttpPersona, kind: 'apache' | 'nginx' | 'iis', input: RouteInput): Reply {
  const index =
    input.path === '/' ||
    input.path === '/index.html' ||
    (kind === 'iis' && input.path.toLowerCase() === '/iisstart.htm');
  if (!index) return error(persona, 404, input);
  if (!READS.has(input.method)) return error(persona, 405, input, [['Allow', 'GET, HEAD']]);
  if (input.customBody !== null) return page(200, { contentType: 'text/html', body: input.customBody }, true);
  return page(200, INDEX[kind], true);
}

function wordpress(persona: HttpPersona, input: RouteInput): Reply {
  const path = input.path;
  if (path === '/wp-login.php') {
    const cred = input.credential;
    if (input.method === 'POST' && cred !== null && cred.source === 'form') {
      const user = cred.credential.principal ?? '';
      const message =
        user === ''
          ? '<strong>Error:</strong> The username field is empty.<br />'
          : `<strong>Error:</strong> The password you entered for the username <strong>${escapeHtml(user)}</strong> is incorrect. <a href="/wp-login.php?action=lostpassword">Lost your password?</a><br />`;
      return page(200, wpLogin(message), false, [
        ['Expires', 'Wed, 11 Jan 1984 05:00:00 GMT'],
        ['Cache-Control', 'no-cache, must-revalidate, max-age=0, no-store, private'],
      ]);
    }
    return page(200, wpLogin(null), false, [
      ['Expires', 'Wed, 11 Jan 1984 05:00:00 GMT'],
      ['Cache-Control', 'no-cache, must-revalidate, max-age=0, no-store, private'],
    ]);
  }
  if (path === '/wp-admin' || path.startsWith('/wp-admin/')) {
    return page(302, { contentType: HTML, body: '' }, false, [
      [
        'Location',
        `/wp-login.php?redirect_to=${encodeURIComponent(`http://${persona.hostname}/wp-admin/`)}&reauth=1`,
      ],
    ]);
  }
  if (path === '/' || path === '/index.php') {
    if (input.customBody !== null) return page(200, { contentType: HTML, body: input.customBody });
    return page(200, WP_HOME, false, [['Link', '</wp-json/>; rel="https://api.w.org/"']]);
  }
  return error(persona, 404, input);
}

function phpmyadmin(persona: HttpPersona, input: RouteInput): Reply {
  const path = input.path;
  if (path !== '/' && path !== '/index.php' && path !== '/phpmyadmin/' && path !== '/phpmyadmin/index.php')
    return error(persona, 404, input);
  const cred = input.credential;
  if (input.method === 'POST' && cred !== null && cred.source === 'form') {
    const user = escapeHtml(cred.credential.principal ?? '');
    return page(
      200,
      pmaLogin(
        `Cannot log in to the MySQL server<br>mysqli::real_connect(): (HY000/1045): Access denied for user &#039;${user}&#039;@&#039;localhost&#039; (using password: YES)`,
      ),
    );
  }
  if (input.customBody !== null) return page(200, { contentType: HTML, body: input.customBody });
  return page(200, pmaLogin(null));
}

function grafana(persona: HttpPersona, input: RouteInput): Reply {
  if (input.path === '/login') {
    if (input.method === 'POST') {
      return page(401, {
        contentType: 'application/json',
        body: '{"message":"Invalid username or password","messageId":"password-auth.failed","statusCode":401,"traceID":""}',
      });
    }
    return page(
      200,
      input.customBody === null ? GRAFANA_LOGIN : { contentType: HTML, body: input.customBody },
    );
  }
  if (input.path === '/')
    return page(302, { contentType: HTML, body: '<a href="/login">Found</a>.\n\n' }, false, [
      ['Location', '/login'],
    ]);
  if (input.path.startsWith('/api/'))
    return page(401, { contentType: 'application/json', body: '{"message":"Unauthorized"}' });
  return error(persona, 404, input);
}

function jenkins(input: RouteInput): Reply {
  if (input.path === '/login')
    return page(
      200,
      input.customBody === null ? JENKINS_LOGIN : { contentType: HTML, body: input.customBody },
    );
  if (input.path === '/j_spring_security_check')
    return page(302, { contentType: HTML, body: '' }, false, [['Location', '/loginError']]);
  if (input.path === '/loginError') return page(401, JENKINS_LOGIN);
  // Jenkins answers an anonymous visitor with 403 and a redirect to the login page in the body.
  return page(
    403,
    {
      contentType: 'text/html;charset=utf-8',
      body: `<html><head><meta http-equiv='refresh' content='1;url=/login?from=${encodeURIComponent(input.path)}'/><script id='redirect' data-redirect-url='/login?from=${encodeURIComponent(input.path)}' src='/static/b6f3c2a1/scripts/redirect.js'></script></head><body style='background-color:white; color:white;'>\nAuthentication required\n</body></html>\n`,
    },
    false,
    [
      [
        'X-You-Are-In-Group-Disabled',
        'JENKINS-39402: use -Dhudson.security.AccessDeniedException2.REPORT_GROUP_HEADERS=true or use /whoAmI to diagnose',
      ],
    ],
  );
}

function tomcat(persona: HttpPersona, input: RouteInput): Reply {
  if (input.path.startsWith('/manager') || input.path.startsWith('/host-manager')) {
    const realm = input.path.startsWith('/host')
      ? 'Tomcat Host Manager Application'
      : 'Tomcat Manager Application';
    return error(persona, 401, input, [['WWW-Authenticate', `Basic realm="${realm}"`]]);
  }
  if (input.path === '/' || input.path === '/index.jsp') {
    return page(
      200,
      input.customBody === null ? INDEX.tomcat : { contentType: HTML, body: input.customBody },
    );
  }
  return error(persona, 404, input);
}

function router(persona: HttpPersona, input: RouteInput): Reply {
  // The whole admin interface sits behind Basic auth; every credential is wrong.
  const p =
    input.customBody === null
      ? errorPage(persona, 401, input.path, input.method)
      : { contentType: HTML, body: input.customBody };
  return page(401, p, false, [['WWW-Authenticate', 'Basic realm="Router Admin"']]);
}

/** The persona's reply to one request. */
export function route(persona: HttpPersona, input: RouteInput): Reply {
  switch (persona.app) {
    case 'apache':
      return staticSite(persona, 'apache', input);
    case 'nginx':
      return staticSite(persona, 'nginx', input);
    case 'iis':
      return staticSite(persona, 'iis', input);
    case 'tomcat':
      return tomcat(persona, input);
    case 'wordpress':
      return wordpress(persona, input);
    case 'phpmyadmin':
      return phpmyadmin(persona, input);
    case 'grafana':
      return grafana(persona, input);
    case 'jenkins':
      return jenkins(input);
    case 'router':
      return router(persona, input);
  }
}

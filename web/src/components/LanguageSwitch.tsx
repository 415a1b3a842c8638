import { LANGS, useI18n } from '../i18n/I18nContext';

/** zh-CN / English segmented switch; the choice is remembered in localStorage. */
export function LanguageSwitch() {
  const { lang, setLang, t } = useI18n();
  return (
    <div className="seg" role="group" aria-label={t('lang.label')} data-testid="lang-switch" data-lang={lang}>
      {LANGS.map((l) => (
        <button
          key={l}
          type="button"
          className={l === lang ? 'seg-btn active' : 'seg-btn'}
          aria-pressed={l === lang}
          onClick={() => setLang(l)}
          data-testid={`lang-${l}`}
        >
          {t(`lang.${l}`)}
        </button>
      ))}
    </div>
  );
}
